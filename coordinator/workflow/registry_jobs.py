"""Large registry imports as background jobs, with progress a page can poll.

A confirmed upload above `JOB_THRESHOLD_BYTES` is imported in a worker
thread of the web process with its own session (the same all-or-nothing
`apply_import`); its state (running with stage and percent, done with the
counts, refused with the row report, failed) is kept next to the stashed
upload, readable only by the uploader. Job id: `registry.import`.
This is the in-process runner; a dedicated job process can call `run_job`
the same way.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.orm import Session

from coordinator.domain.errors import NotFound
from coordinator.domain.roles import Principal
from coordinator.workflow import registry_import as importer
from coordinator.workflow.registry_files import ImportRejected, write_problems

JOB_ID = "registry.import"
JOB_THRESHOLD_BYTES = 512 * 1024
REPORT_ROWS_SHOWN = 200
log = logging.getLogger(__name__)

SessionMaker = Callable[[], AbstractContextManager[Session]]


def _write_status(token: str, status: dict[str, Any]) -> None:
    path = importer.stash_path(token, ".job.json")
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)  # atomic, so a poll never reads half a file


def job_status(*, principal: Principal, token: str) -> dict[str, Any]:
    """The job's state for its owner (NotFound otherwise)."""
    path = importer.stash_path(token, ".job.json")
    if not path.exists():
        raise NotFound("import job not found", message_zh="导入任务不存在或已过期")
    status = json.loads(path.read_text(encoding="utf-8"))
    if status.get("username") != principal.username:
        raise NotFound("import job not found", message_zh="导入任务不存在或已过期")
    return status


def run_job(make_session: SessionMaker, *, principal: Principal, kind: str, token: str) -> None:
    """Run one stashed import to the end, recording progress and outcome (never raises)."""
    base = {"username": principal.username, "kind": kind, "job": JOB_ID}

    def progress(stage: str, percent: int) -> None:
        _write_status(token, {**base, "state": "running", "stage": stage, "percent": percent})

    try:
        meta, data = importer.load_upload(principal=principal, kind=kind, token=token)
        with make_session() as session:
            result = importer.apply_import(
                session, principal=principal, kind=kind, department_code=meta["department"],
                filename=meta["filename"], data=data, progress=progress,
            )
        _write_status(token, {**base, "state": "done", "percent": 100, "department": meta["department"],
                              "added": result.added, "changed": result.changed, "unchanged": result.unchanged})
        importer.discard_upload(token)
    except ImportRejected as exc:
        report = importer.stash_report(principal=principal, data=write_problems(exc.problems))
        problems = [p.__dict__ for p in exc.problems[:REPORT_ROWS_SHOWN]]
        _write_status(token, {**base, "state": "refused", "percent": 100, "problems": problems,
                              "problem_count": len(exc.problems), "report": report})
    except Exception:  # a crash must end the progress bar, not leave it spinning
        log.exception("registry import job %s failed", token)
        _write_status(token, {**base, "state": "failed", "percent": 100})


def start_job(make_session: SessionMaker, *, principal: Principal, kind: str, token: str) -> threading.Thread:
    """Start `run_job` in a worker thread (returned); the page polls `job_status`."""
    _write_status(token, {"username": principal.username, "kind": kind, "job": JOB_ID, "state": "running",
                          "stage": "排队中", "percent": 0})
    thread = threading.Thread(
        target=run_job, args=(make_session,), kwargs={"principal": principal, "kind": kind, "token": token},
        name=f"{JOB_ID}:{token[:8]}", daemon=True,
    )
    thread.start()
    return thread
