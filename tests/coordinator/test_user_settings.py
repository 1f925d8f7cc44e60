"""Settings (environment, `.env`, the refused default secret) and the clock."""

import datetime as dt

import pytest

from coordinator import clock
from coordinator.config import DEFAULT_DATABASE_URL, DEV_SECRET_KEY, Settings, get_settings


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in (
        "DATABASE_URL", "SECRET_KEY", "ENVIRONMENT", "LOGIN_MAX_FAILURES", "SESSION_COOKIE_SECURE",
        "ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM", "TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_defaults_are_a_dev_sqlite_file_under_data(clean_env):
    settings = Settings()
    assert settings.environment == "dev"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert DEFAULT_DATABASE_URL.startswith("sqlite:///") and DEFAULT_DATABASE_URL.endswith("/data/jic.sqlite3")
    assert settings.timezone == "Asia/Shanghai"
    assert settings.cookie_secure is False
    assert (settings.login_max_failures, settings.login_window_minutes) == (5, 15)


@pytest.mark.parametrize("environment", ["test", "prod"])
def test_default_secret_is_refused_outside_dev(clean_env, monkeypatch, environment):
    monkeypatch.setenv("ENVIRONMENT", environment)
    with pytest.raises(ValueError, match="SECRET_KEY is the public development default"):
        Settings()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    settings = Settings()
    assert settings.secret_key != DEV_SECRET_KEY and settings.cookie_secure is True


def test_dotenv_is_read_and_environment_wins(clean_env, monkeypatch):
    (clean_env / ".env").write_text(
        "DATABASE_URL=postgresql+psycopg://u@db/jic\nLOGIN_MAX_FAILURES=3\n", encoding="utf-8"
    )
    settings = get_settings()
    assert settings.database_url == "postgresql+psycopg://u@db/jic"
    assert settings.login_max_failures == 3
    assert get_settings() is settings  # cached
    monkeypatch.setenv("LOGIN_MAX_FAILURES", "7")
    get_settings.cache_clear()
    assert get_settings().login_max_failures == 7


def test_explicit_cookie_secure_overrides_environment(clean_env, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "true")
    assert Settings().cookie_secure is True


def test_clock_is_aware_utc_and_can_be_frozen():
    now = clock.utcnow()
    assert now.tzinfo is not None and now.utcoffset() == dt.timedelta(0)
    moment = dt.datetime(2026, 1, 1, 17, 30, tzinfo=dt.UTC)  # 01:30 on 2 January in Shanghai
    with clock.frozen(moment):
        assert clock.utcnow() == moment
        assert clock.today_local() == dt.date(2026, 1, 2)
    assert clock.utcnow() != moment
    with pytest.raises(ValueError):
        with clock.frozen(dt.datetime(2026, 1, 1)):
            pass


def test_to_local_reads_naive_values_as_utc():
    assert clock.to_local(dt.datetime(2026, 1, 1, 16, 0)).isoformat() == "2026-01-02T00:00:00+08:00"


def test_argon2_cost_defaults_and_prod_minimum(clean_env, monkeypatch):
    fields = Settings.model_fields
    assert (fields["argon2_time_cost"].default, fields["argon2_memory_kib"].default) == (3, 65536)
    monkeypatch.setenv("ENVIRONMENT", "prod")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "8192")
    with pytest.raises(ValueError, match="ARGON2_MEMORY_KIB=8192 is below 19456"):
        Settings()
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "19456")
    assert Settings().argon2_memory_kib == 19456


def test_unknown_timezone_is_refused(clean_env, monkeypatch):
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings()
