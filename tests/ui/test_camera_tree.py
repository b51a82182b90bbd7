from PySide6.QtCore import QModelIndex, Qt

from app.domain import Camera
from tests.ui.conftest import AREAS, CAMERAS
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


def test_double_click_puts_the_camera_on_the_first_free_or_selected_tile(qtbot, services):
    tree = _tree(qtbot, services)
    services.wall.assign(0, "cam001")

    def double_click(camera_id):
        index = tree.index_of_camera(camera_id)
        tree.view.scrollTo(index)
        rect = tree.view.visualRect(index)
        # A real double-click is a press, then a double-click event on the same item.
        qtbot.mouseClick(tree.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tree.view.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())

    double_click("cam003")
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
