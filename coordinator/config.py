"""Settings: one pydantic-settings `Settings`, read from the environment and `.env`.

Every tunable of the application lives here and nowhere else. Environment
variables use the field name in upper case (`DATABASE_URL`, `SECRET_KEY`,
`ENVIRONMENT`, ...); a `.env` file in the working directory is read too, and the
environment wins over it. `get_settings()` is cached: tests that change the
environment call `get_settings.cache_clear()`.

The secret key signs session cookies. Its default is public (it is in this
file), so it is refused anywhere but `ENVIRONMENT=dev`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'data' / 'jic.sqlite3'}"
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"
# OWASP password storage cheat sheet: argon2id with at least 19 MiB.
PROD_MIN_ARGON2_MEMORY_KIB = 19456


class Settings(BaseSettings):
    """The application's settings (documented field by field; see README "Settings")."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # Where the data lives: SQLite file by default, PostgreSQL in production
    # (e.g. postgresql+psycopg://user:pass@host:5432/jic).
    database_url: str = DEFAULT_DATABASE_URL
    # dev: local machine (insecure defaults allowed, cookies without Secure);
    # test: the test suite; prod: anything served to users.
    environment: Literal["dev", "test", "prod"] = "dev"
    # Signs session cookies; must be set (long and random) outside dev.
    secret_key: str = DEV_SECRET_KEY
    # Public address of the site, used in links of notices and e-mails.
    base_url: str = "http://127.0.0.1:8000"
    # Time zone for everything shown to people; storage is always UTC.
    timezone: str = "Asia/Shanghai"

    # Session cookie.
    session_cookie_name: str = "jic_session"
    session_max_age_seconds: int = Field(default=8 * 3600, gt=0)
    # None: Secure exactly when environment is not dev.
    session_cookie_secure: bool | None = None

    # Login rate limit: at most this many failures per username and IP in the window.
    login_max_failures: int = Field(default=5, gt=0)
    login_window_minutes: int = Field(default=15, gt=0)

    # argon2id cost of password hashes (argon2-cffi defaults, RFC 9106 "low memory").
    # The test suite lowers them for speed; production refuses less than OWASP's minimum.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8192)
    argon2_parallelism: int = Field(default=4, ge=1)

    # Outgoing e-mail for notices (placeholders until the notices issue):
    # empty host means e-mail is not configured and nothing is sent.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = "noreply@example.invalid"
    smtp_starttls: bool = True

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "dev" and self.secret_key == DEV_SECRET_KEY:
            # pydantic reports this as a ValidationError naming SECRET_KEY.
            raise ValueError(
                f"SECRET_KEY is the public development default but ENVIRONMENT={self.environment}; "
                "set SECRET_KEY to a long random value"
            )
        if self.environment == "prod" and self.argon2_memory_kib < PROD_MIN_ARGON2_MEMORY_KIB:
            raise ValueError(
                f"ARGON2_MEMORY_KIB={self.argon2_memory_kib} is below {PROD_MIN_ARGON2_MEMORY_KIB} in prod"
            )
        return self

    @property
    def cookie_secure(self) -> bool:
        """Whether the session cookie carries the Secure flag."""
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        return self.environment != "dev"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; `get_settings.cache_clear()` re-reads them)."""
    return Settings()
