from PySide6.QtCore import QModelIndex, Qt

from app.domain import Camera
from app.wall import Layout
from tests.ui.conftest import AREAS, CAMERAS
from ui.cameras.placement_dialog import PlacementChoice
from ui.cameras.tree import CAMERA_IDS_MIME, CameraTreeWidget, decode_camera_ids


def _names(tree: CameraTreeWidget, parent=QModelIndex()) -> list[str]:
    out = []
    for row in range(tree.model.rowCount(parent)):
        index = tree.model.index(row, 0, parent)
        out.append(index.data())
        out.extend(_names(tree, index))
    return out


def _tree(qtbot, services) -> CameraTreeWidget:
    tree = CameraTreeWidget(services.cameras, services.wall)
    qtbot.addWidget(tree)
    tree.resize(300, 500)
    tree.show()
    return tree


def test_hierarchy_down_to_rt_with_cameras_as_leaves(qtbot, services):
    tree = _tree(qtbot, services)
    assert _names(tree) == [
        "Jakarta Pusat (3)", "Menteng (2)", "Gondangdia (1)", "RW 02 (1)", "RT 05 (1)",
        "Gang Kelinci RT 05", "Taman Suropati", "Gambir (1)", "Stasiun Gambir",
        "Jakarta Selatan (1)", "Tebet (1)", "Taman Tebet Eco Park"]  # Cilandak: no camera
    assert tree.count_label.text() == "4 cameras"


def test_search_filters_as_you_type(qtbot, services):
    tree = _tree(qtbot, services)
    qtbot.keyClicks(tree.search_box, "taman")
    assert tree.visible_camera_ids() == ["cam001", "cam004"]
    qtbot.keyClicks(tree.search_box, " PARK selatan")
    assert tree.visible_camera_ids() == ["cam004"]
    assert tree.count_label.text() == "1 of 4 cameras"
    tree.search_box.clear()
    qtbot.keyClicks(tree.search_box, "gondangdia")  # an area name finds its cameras
    assert tree.visible_camera_ids() == ["cam002"]
    assert tree.view.isExpanded(tree.index_of_camera("cam002").parent())
    tree.search_box.clear()
    assert tree.visible_camera_ids() == ["cam002", "cam001", "cam003", "cam004"]


def test_dragging_an_area_carries_every_camera_below_it(qtbot, services):
    tree = _tree(qtbot, services)
    camera = tree.index_of_camera("cam003")
    menteng = tree.index_of_camera("cam001").parent()
    data = tree.model.mimeData([camera])
    assert decode_camera_ids(data.data(CAMERA_IDS_MIME).data()) == ["cam003"]
    data = tree.model.mimeData([menteng])
    assert decode_camera_ids(data.data(CAMERA_IDS_MIME).data()) == ["cam002", "cam001"]
    assert tree.model.flags(camera) & Qt.ItemFlag.ItemIsDragEnabled


def _double_click(qtbot, tree, camera_id):
    index = tree.index_of_camera(camera_id)
    tree.view.scrollTo(index)
    rect = tree.view.visualRect(index)
    # A real double-click is a press, then a double-click event on the same item.
    qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_double_click_puts_the_camera_on_the_first_free_or_selected_tile(qtbot, services):
    tree = _tree(qtbot, services)
    services.wall.assign(0, "cam001")
    services.wall.select(0)  # selected, but it holds a camera: never replaced unasked

    def double_click(camera_id):
        _double_click(qtbot, tree, camera_id)

    double_click("cam003")
    assert services.wall.camera_at(0) == "cam001"
    assert services.wall.camera_at(1) == "cam003"
    services.wall.select(3)
    double_click("cam004")
    assert services.wall.visible_cameras() == ["cam001", "cam003", None, "cam004"]
    assert {c.id for c in CAMERAS} >= set(filter(None, services.wall.visible_cameras()))


def test_cameras_sharing_an_area_and_cameras_outside_every_area(qtbot, services):
    services.cameras.set_catalog(AREAS, [
        *CAMERAS,
        Camera("cam005", "Bundaran Menteng", "menteng", ("Jakarta Pusat", "Menteng")),
        Camera("cam006", "Pelabuhan Sunda Kelapa", "penjaringan", ("Jakarta Utara",))])
    tree = _tree(qtbot, services)
    assert _names(tree) == [
        "Jakarta Pusat (4)", "Menteng (3)", "Gondangdia (1)", "RW 02 (1)", "RT 05 (1)",
        "Gang Kelinci RT 05", "Bundaran Menteng", "Taman Suropati", "Gambir (1)",
        "Stasiun Gambir", "Jakarta Selatan (1)", "Tebet (1)", "Taman Tebet Eco Park",
        "Other (1)", "Pelabuhan Sunda Kelapa"]


def test_the_search_index_is_made_while_the_tree_is_idle(qtbot, services):
    tree = _tree(qtbot, services)
    assert not tree.model.search_ready()  # not while the tree is being shown
    qtbot.waitUntil(tree.model.search_ready)  # then, without anyone searching
    qtbot.keyClicks(tree.search_box, "sunda")
    assert tree.visible_camera_ids() == []
    services.cameras.set_catalog(AREAS, [*CAMERAS, Camera(
        "cam007", "Pelabuhan Sunda Kelapa", "tebet", ("Jakarta Selatan", "Tebet"))])
    assert tree.visible_camera_ids() == ["cam007"]  # the new catalog's own index


def _answer(qtbot, tree, choice):
    dialog = tree.placement_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.buttons[choice].click()
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_full_wall_asks_before_a_camera_replaces_one(qtbot, services):
    tree = _tree(qtbot, services)
    wall = services.wall
    wall.fill(["cam001", "cam002", "cam003", "cam002"])
    mine = wall.visible_cameras()
    _double_click(qtbot, tree, "cam001")  # already there: its tile is selected
    assert wall.selected == 0 and wall.visible_cameras() == mine
    wall.select(2)
    _double_click(qtbot, tree, "cam004")
    dialog = tree.placement_dialog
    assert dialog.text() == "No empty tile for Taman Tebet Eco Park."
    assert dialog.offers() == [PlacementChoice.LARGER_LAYOUT, PlacementChoice.REPLACE,
                               PlacementChoice.CANCEL]
    assert dialog.buttons[PlacementChoice.REPLACE].text() == "Replace tile 3"
    assert dialog.defaultButton() is dialog.buttons[PlacementChoice.CANCEL]
    assert wall.visible_cameras() == mine  # nothing changes while it asks
    _answer(qtbot, tree, PlacementChoice.CANCEL)
    assert wall.visible_cameras() == mine

    _double_click(qtbot, tree, "cam004")
    _answer(qtbot, tree, PlacementChoice.LARGER_LAYOUT)
    assert wall.layout is Layout.L3X3  # every camera keeps its tile; the new one follows
    assert wall.visible_cameras() == [*mine, "cam004", None, None, None, None]

    wall.set_layout(Layout.L2X2)
    _double_click(qtbot, tree, "cam004")  # (tile 5 is hidden in 2x2)
    _answer(qtbot, tree, PlacementChoice.REPLACE)
    assert wall.visible_cameras() == ["cam001", "cam002", "cam004", "cam002"]


def test_an_area_fills_the_empty_tiles_and_asks_when_they_are_too_few(qtbot, services):
    tree = _tree(qtbot, services)
    wall = services.wall
    pusat = tree.model.index(0, 0)  # Jakarta Pusat: cam002, cam001, cam003
    wall.assign(0, "cam004")
    tree.show_area(pusat)
    assert tree.placement_dialog is None  # they fit: no question
    assert wall.visible_cameras() == ["cam004", "cam002", "cam001", "cam003"]

    wall.fill(["cam004", "cam004", "cam004"])
    tree.show_area(pusat)
    dialog = tree.placement_dialog
    assert dialog.text() == "Cameras in the area: 3. Empty tiles: 1."
    assert dialog.offers() == [PlacementChoice.LARGER_LAYOUT, PlacementChoice.REPLACE,
                               PlacementChoice.EMPTY_ONLY, PlacementChoice.CANCEL]
    _answer(qtbot, tree, PlacementChoice.EMPTY_ONLY)  # page by page on tile 4 alone
    assert wall.visible_cameras() == ["cam004"] * 3 + ["cam002"] and tree.page() == (1, 3)
    tree.next_page()
    assert wall.visible_cameras() == ["cam004"] * 3 + ["cam001"]

    wall.fill(["cam004", "cam004", "cam004"])
    tree.show_area(pusat)
    _answer(qtbot, tree, PlacementChoice.LARGER_LAYOUT)
    assert wall.layout is Layout.L3X3
    assert wall.visible_cameras()[:6] == ["cam004"] * 3 + ["cam002", "cam001", "cam003"]

    tree.show_area(tree.model.index(1, 0))  # Jakarta Selatan: cam004, on the wall already
    assert wall.visible_cameras()[:6] == ["cam004"] * 3 + ["cam002", "cam001", "cam003"]
