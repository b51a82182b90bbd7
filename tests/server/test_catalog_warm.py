"""The lists users load at sign-in are built when the server starts."""

from __future__ import annotations

import threading

from server.catalog_cache import catalog_cache
from server.catalog_warm import account_scopes, warm_catalog
from tests.server.conftest import make_api


def test_every_account_scope_is_built_before_anyone_asks(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        scopes = account_scopes(api.ctx)
        police = api.client.get("/api/v1/auth/me", headers={
            "Authorization": f"Bearer {api.token('police')}"}).json()["areas"]
        assert frozenset(police) in scopes and len(scopes) == 2  # the demo's two scopes
        assert scopes[0] != frozenset(police)  # the whole city: four demo accounts share it
        cache = catalog_cache(api.ctx.engine)
        cache.forget_lists()
        assert warm_catalog(api.ctx, threading.Event()) == 2
        assert set(cache.kept_scopes()) == set(scopes)
        listed = api.get("/cameras", api.token("police"))
        assert listed.status_code == 200 and listed.json()
        assert set(cache.kept_scopes()) == set(scopes)  # served from what was built
