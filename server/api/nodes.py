"""GET /api/v1/nodes: the recording nodes, their cameras, ingest, disks and days left."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1", tags=["nodes"])
