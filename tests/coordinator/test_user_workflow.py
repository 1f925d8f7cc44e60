"""User administration and login on a real database: hashing, audit, rate limit."""

import datetime as dt

import pytest
from sqlalchemy import select

from coordinator import clock
from coordinator.config import get_settings
from coordinator.domain.errors import Forbidden, NotFound
from coordinator.domain.roles import Principal, Role, UnknownRole
from coordinator.persistence.models.audit_event import AuditEvent
from coordinator.persistence.models.user import LoginAttempt, User
from coordinator.persistence.repos.audit import verify_chain
from coordinator.workflow import auth
from coordinator.workflow import user as user_flow
from tests.factories import DEFAULT_PASSWORD, make_department, make_user

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


def _events(session, action):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_password_is_stored_as_argon2_hash_never_in_clear(session):
    user = user_flow.create_user(
        session, username="Alice", password="s3cret-pass", role=Role.OFFICE_ADMIN, display_name="爱丽丝"
    )
    stored = session.scalars(select(User.password_hash).where(User.id == user.id)).one()
    assert stored.startswith("$argon2id$")
    assert "s3cret-pass" not in stored
    assert auth.verify_password(stored, "s3cret-pass")
    assert not auth.verify_password(stored, "s3cret-pasS")
    assert user.username == "alice"


def test_create_user_is_audited_without_secrets(session):
    dept = make_department(session, code="scjg", name="区市场监管局")
    user_flow.create_user(
        session, username="op1", password="s3cret-pass", role="department_operator",
        department_code="scjg", display_name="张三", actor="office",
    )
    (event,) = _events(session, "user.create")
    assert event.actor == "office" and event.subject == "user:op1"
    assert event.payload == {"role": "department_operator", "department_code": dept.code, "display_name": "张三"}
    assert "s3cret" not in str(event.payload) and "argon2" not in str(event.payload)
    assert verify_chain(session).ok


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"username": "a"}, user_flow.InvalidUsername),
        ({"username": "_lead"}, user_flow.InvalidUsername),
        ({"username": "has space"}, user_flow.InvalidUsername),
        ({"password": "short"}, auth.PasswordTooWeak),
        ({"role": "root"}, UnknownRole),
        ({"role": "department_operator"}, user_flow.DepartmentRequired),
        ({"role": "department_operator", "department_code": "nope"}, user_flow.UnknownDepartment),
    ],
)
def test_create_user_refusals(session, kwargs, error):
    values = {"username": "valid_name", "password": "long enough", "role": "office_admin", "display_name": "x"}
    values.update(kwargs)
    with pytest.raises(error) as refused:
        user_flow.create_user(session, **values)
    assert refused.value.message_zh
    assert session.scalars(select(User).where(User.username == values["username"])).all() == []


def test_duplicate_username_is_a_conflict(session):
    make_user(session, username="dup")
    with pytest.raises(user_flow.UserExists) as refused:
        user_flow.create_user(session, username="DUP", password="long enough", role="auditor", display_name="x")
    assert refused.value.status_code == 409


def test_disable_and_reset_password(session):
    make_user(session, username="bob")
    user_flow.reset_password(session, username="bob", new_password="another pass", actor="cli")
    assert auth.authenticate(session, username="bob", password="another pass", ip="1.1.1.1").username == "bob"
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(session, username="bob", password=DEFAULT_PASSWORD, ip="1.1.1.1")
    user_flow.disable_user(session, username="bob", actor="cli")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(session, username="bob", password="another pass", ip="1.1.1.1")
    assert [e.action for e in _events(session, "user.reset_password")] == ["user.reset_password"]
    assert len(_events(session, "user.disable")) == 1
    with pytest.raises(NotFound):
        user_flow.disable_user(session, username="nobody")


def test_only_office_disables_users_and_never_itself(session):
    make_user(session, username="target")
    office = Principal("boss", Role.OFFICE_ADMIN)
    with pytest.raises(Forbidden):
        user_flow.set_active_as(session, principal=Principal("aud", Role.AUDITOR), username="target", active=False)
    with pytest.raises(user_flow.CannotDisableSelf):
        user_flow.set_active_as(session, principal=Principal("target", Role.OFFICE_ADMIN), username="target", active=False)
    assert user_flow.set_active_as(session, principal=office, username="target", active=False).active is False
    assert _events(session, "user.disable")[0].actor == "boss"


def test_login_attempts_are_recorded(session):
    make_user(session, username="carol")
    auth.authenticate(session, username="Carol ", password=DEFAULT_PASSWORD, ip="10.0.0.1")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(session, username="carol", password="wrong", ip="10.0.0.1")
    with pytest.raises(auth.LoginFailed):
        auth.authenticate(session, username="ghost", password="wrong", ip="10.0.0.1")
    rows = session.scalars(select(LoginAttempt).order_by(LoginAttempt.id)).all()
    assert [(r.username, r.succeeded) for r in rows] == [("carol", True), ("carol", False), ("ghost", False)]


def test_rate_limit_locks_after_five_failures_per_username_and_ip(session):
    make_user(session, username="dave")
    with clock.frozen(T0):
        for _ in range(5):
            with pytest.raises(auth.LoginFailed):
                auth.authenticate(session, username="dave", password="wrong", ip="10.0.0.2")
        with pytest.raises(auth.LoginLocked) as locked:
            auth.authenticate(session, username="dave", password=DEFAULT_PASSWORD, ip="10.0.0.2")
        assert locked.value.status_code == 429
        assert "锁定" in locked.value.message_zh and "15 分钟" in locked.value.message_zh
        # Another IP is not locked out by these failures.
        assert auth.authenticate(session, username="dave", password=DEFAULT_PASSWORD, ip="10.0.0.3")
    with clock.frozen(T0 + dt.timedelta(minutes=10)):
        with pytest.raises(auth.LoginLocked) as locked:
            auth.authenticate(session, username="dave", password=DEFAULT_PASSWORD, ip="10.0.0.2")
        assert "5 分钟" in locked.value.message_zh
    with clock.frozen(T0 + dt.timedelta(minutes=15, seconds=1)):
        assert auth.authenticate(session, username="dave", password=DEFAULT_PASSWORD, ip="10.0.0.2")


def test_success_resets_the_failure_count(session):
    make_user(session, username="erin")
    with clock.frozen(T0):
        for _ in range(4):
            with pytest.raises(auth.LoginFailed):
                auth.authenticate(session, username="erin", password="wrong", ip="10.0.0.4")
    with clock.frozen(T0 + dt.timedelta(seconds=1)):
        auth.authenticate(session, username="erin", password=DEFAULT_PASSWORD, ip="10.0.0.4")
    with clock.frozen(T0 + dt.timedelta(seconds=2)):
        for _ in range(4):
            with pytest.raises(auth.LoginFailed):
                auth.authenticate(session, username="erin", password="wrong", ip="10.0.0.4")
        assert auth.authenticate(session, username="erin", password=DEFAULT_PASSWORD, ip="10.0.0.4")


def test_unknown_usernames_are_rate_limited_too(session):
    with clock.frozen(T0):
        for _ in range(5):
            with pytest.raises(auth.LoginFailed):
                auth.authenticate(session, username="probe", password="x", ip="10.0.0.5")
        with pytest.raises(auth.LoginLocked):
            auth.authenticate(session, username="probe", password="x", ip="10.0.0.5")


def test_department_with_users_is_scoped(session):
    a = make_department(session)
    b = make_department(session)
    make_user(session, username="op_a", role=Role.DEPARTMENT_OPERATOR, department_code=a.code)
    make_user(session, username="op_b", role=Role.DEPARTMENT_OPERATOR, department_code=b.code)
    op_a = Principal("op_a", Role.DEPARTMENT_OPERATOR, a.code)
    department, users = user_flow.department_with_users(session, principal=op_a, code=a.code)
    assert department.code == a.code and [u.username for u in users] == ["op_a"]
    with pytest.raises(Forbidden):
        user_flow.department_with_users(session, principal=op_a, code=b.code)
    with pytest.raises(Forbidden):
        user_flow.department_with_users(session, principal=op_a, code="nonexistent")
    with pytest.raises(NotFound):
        user_flow.department_with_users(session, principal=Principal("o", Role.OFFICE_ADMIN), code="nonexistent")
    assert [d.code for d in user_flow.list_visible_departments(session, principal=op_a)] == [a.code]


def test_hash_with_old_parameters_is_upgraded_at_login(session, monkeypatch):
    make_user(session, username="frank")
    old = user_flow.user_repo.get_user_by_username(session, username="frank").password_hash
    monkeypatch.setenv("ARGON2_TIME_COST", "2")
    get_settings.cache_clear()
    try:
        auth.authenticate(session, username="frank", password=DEFAULT_PASSWORD, ip="10.0.0.6")
        new = user_flow.user_repo.get_user_by_username(session, username="frank").password_hash
        assert new != old and ",t=2," in new and new.startswith("$argon2id$")
        assert auth.verify_password(new, DEFAULT_PASSWORD)
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
