"""Every table of the application, imported in one place.

`base` comes first: it installs the constraint naming convention on the
shared MetaData before any table is defined. Alembic's `env.py` imports this
package so autogenerate sees every table. Each concept adds its import line.
"""

from coordinator.persistence.models import base  # noqa: F401  (must stay first)
from coordinator.persistence.models import department, user  # noqa: F401
from coordinator.persistence.models import audit_event, calendar_day  # noqa: F401
from coordinator.persistence.models import history, inspector, item, target  # noqa: F401
from coordinator.persistence.models import annual_plan  # noqa: F401
