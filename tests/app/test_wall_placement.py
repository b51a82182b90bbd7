"""Where cameras from the camera list go without replacing any: WallService.plan_placement."""

from app.services.wall import WallService
from app.wall import Layout, WallModel


def test_empty_tiles_first_the_selected_one_before_the_others():
    wall = WallService(WallModel(layout=Layout.L2X2))
    wall.assign(0, "cam-a")
    wall.assign(2, "cam-b")
    wall.select(3)
    plan = wall.plan_placement(["new-1", "new-2", "new-3"])
    assert plan.targets == {3: "new-1", 1: "new-2"}
    assert plan.left_over == ("new-3",) and plan.larger is Layout.L3X3
    wall.put(plan.targets)
    assert wall.visible_cameras() == ["cam-a", "new-2", "cam-b", "new-1"]


def test_a_larger_layout_counts_the_cameras_its_hidden_tiles_still_hold():
    # Tiles 4..8 keep the cameras of an earlier 3x3: growing to 3x3 frees nothing.
    wall = WallService(WallModel(layout=Layout.L2X2,
                                 assignments={i: f"cam-{i}" for i in range(9)}))
    plan = wall.plan_placement(["new"])
    assert plan.targets == {} and plan.left_over == ("new",)
    assert plan.larger is Layout.L4X4
    full = WallService(WallModel(layout=Layout.L8X8,
                                 assignments={i: f"cam-{i}" for i in range(64)}))
    assert full.plan_placement(["new"]).larger is None  # nowhere to grow
