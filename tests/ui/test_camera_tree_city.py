"""The tree with a whole generated city: behaviour at 30,418 cameras (speed: bench/)."""

import pytest

from app.api import parse
from app.wall import Layout
from server.city import generate
from ui.cameras.tree import AreaIdRole, CameraTreeWidget


@pytest.fixture(scope="module")
def city():
    areas, cameras = generate()
    return parse.areas(areas), parse.cameras(cameras)


def _tree(qtbot, services, city) -> CameraTreeWidget:
    services.cameras.set_catalog(*city)
    tree = CameraTreeWidget(services.cameras, services.wall)
    qtbot.addWidget(tree)
    tree.resize(300, 600)
    tree.show()
    return tree


def test_loads_expands_and_searches_a_whole_city(qtbot, services, city):
    tree = _tree(qtbot, services, city)
    model = tree.model
    assert tree.count_label.text() == "30418 cameras"
    assert model.rowCount() == 6 and model.index(3, 0).data() == "Jakarta Selatan (6910)"
    selatan = model.index(3, 0)
    assert tree.view.isExpanded(selatan)
    tebet = next(model.index(r, 0, selatan) for r in range(model.rowCount(selatan))
                 if model.index(r, 0, selatan).data().startswith("Tebet "))
    tree.view.expand(tebet)
    assert model.rowCount(tebet) == 6  # kelurahan
    qtbot.keyClicks(tree.search_box, "TEBET park")
    ids = tree.visible_camera_ids()  # the parks of Tebet, the Eco Park first
    eco = next(c.id for c in city[1] if c.name == "Taman Tebet Eco Park")
    assert ids[0] == eco and len(ids) == 70
    assert all(services.cameras.camera(i).area_path[1] == "Tebet"
               and "park" in services.cameras.camera(i).tags for i in ids)
    assert tree.count_label.text() == "70 of 30418 cameras"
    rt = tree.index_of_camera(eco).parent()
    assert tree.view.isExpanded(rt) and rt.data() == "RT 001 (1)"
    tree.search_box.setText("PASAR gambir tengah")  # a place and area names
    expected = [c.id for c in city[1] if c.area_path[2] == "Gambir Tengah"
                and c.name.startswith("Pasar")]
    assert len(expected) > 5 and sorted(tree.visible_camera_ids()) == sorted(expected)
    tree.search_box.setText("flood")  # a tag
    assert len(tree.visible_camera_ids()) == 30418 // 10 + 1


def test_an_area_goes_on_the_wall_page_by_page(qtbot, services, city):
    tree = _tree(qtbot, services, city)
    services.wall.set_layout(Layout.L2X2)
    tree.search_box.setText("tebet timur rw 01")
    tree.flush_search()
    rw = tree.index_of_camera(tree.visible_camera_ids()[0]).parent().parent()
    assert rw.data(AreaIdRole).endswith(".rw-01")
    ids = tree.model.camera_ids_under(rw)
    assert len(ids) == 12
    tree.view.setCurrentIndex(rw)
    tree.show_button.click()
    assert services.wall.visible_cameras() == ids[:4] and tree.page_label.text() == "1/3"
    tree.next_button.click()
    tree.next_button.click()
    assert services.wall.visible_cameras() == ids[8:12] and not tree.next_button.isEnabled()
    tree.previous_button.click()
    assert services.wall.visible_cameras() == ids[4:8] and tree.page_label.text() == "2/3"
