"""`/healthz`: is the process up and the database answering?"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from web.deps import get_session

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz", summary="Liveness and database check")
def healthz(session: Session = Depends(get_session)) -> JSONResponse:
    """200 with `{"status": "ok"}` when the database answers and is migrated, 503 otherwise."""
    try:
        session.execute(text("SELECT 1")).scalar_one()
    except SQLAlchemyError as exc:
        log.error("health check failed: %s", exc)
        body = {"status": "error", "database": "unreachable", "detail_zh": "数据库无法连接"}
        return JSONResponse(body, status_code=503)
    dialect = session.get_bind().dialect.name
    try:
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        session.rollback()
        revision = None
    if revision is None:
        body = {
            "status": "error",
            "database": "not migrated",
            "dialect": dialect,
            "detail_zh": "数据库尚未初始化，请运行 coordinator db upgrade",
        }
        return JSONResponse(body, status_code=503)
    return JSONResponse(
        {"status": "ok", "database": "ok", "dialect": dialect, "schema_revision": revision}
    )
