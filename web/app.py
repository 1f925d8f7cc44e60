"""The FastAPI application factory: `create_app()` (uvicorn runs it with `--factory`).

Wires settings, the database, signed session cookies (HttpOnly, SameSite=Lax,
Secure outside dev), app-wide CSRF checking, static files (vendored htmx and
Swagger UI, no CDN), the error pages and every router. HTML pages are left
out of the OpenAPI schema; `/api/*` and `/healthz` are in it.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coordinator.config import Settings, get_settings
from coordinator.persistence.db import get_engine, make_engine, session_factory
from web.csrf import csrf_protect
from web.errors import install_error_handlers
from web.routers import audit, auth, calendar, department, docs, health, home, user
from web.routers import annual_plan, my_declarations, registry, registry_api
from web.templating import WEB_DIR

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """Adds headers that cost nothing and close common holes (sniffing, framing, referrers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + list(SECURITY_HEADERS)
            await send(message)

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, send_with_headers)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the app on `settings` (default: the process settings) and `engine`.

    Without `engine`, the process engine is used for the process settings and a
    new one is made for explicit settings.
    """
    if engine is None:
        engine = get_engine() if settings is None else make_engine(settings.database_url)
    settings = settings or get_settings()
    app = FastAPI(
        title="联合抽查协调系统 API",
        description="Joint inspection coordinator (双随机、一公开). Log in at /login; "
        "state-changing requests need the X-CSRF-Token header (see GET /api/me).",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(csrf_protect)],
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=settings.session_cookie_name,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    install_error_handlers(app)

    for router in (
        health.router,
        docs.router,
        auth.router,
        home.router,
        department.pages,
        department.api,
        user.pages,
        calendar.pages,
        calendar.api,
        audit.pages,
        audit.api,
        registry.pages,
        registry_api.api,
        my_declarations.pages,
        my_declarations.api,
        annual_plan.pages,
        annual_plan.api,
        annual_plan.public_api,
    ):
        app.include_router(router)
    return app
