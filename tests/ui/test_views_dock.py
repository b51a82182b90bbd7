from PySide6.QtCore import Qt

from app.services.views import ViewsService
from app.settings import Settings
from app.wall import Layout
from ui.views.dock import ViewsDockWidget


def _dock(qtbot, services, tmp_path):
    views = ViewsService(Settings(tmp_path / "settings.json"), services.runner,
                         username=lambda: "operator")
    dock = ViewsDockWidget(views, services.wall)
    qtbot.addWidget(dock)
    dock.show()
    return dock, views


def test_save_open_rename_delete_through_the_dock(qtbot, services, tmp_path):
    dock, views = _dock(qtbot, services, tmp_path)
    services.wall.set_layout(Layout.L1P7)
    services.wall.fill(["cam004", "cam001", "cam003"])
    qtbot.keyClicks(dock.name_edit, "Banjir")
    qtbot.keyClick(dock.name_edit, Qt.Key.Key_Return)
    assert [dock.list.item(i).text() for i in range(dock.list.count())] == ["Banjir"]
    assert dock.current == views.find("banjir").id

    services.wall.set_layout(Layout.L2X2)
    services.wall.fill(["cam002"])
    item = dock.list.item(0)
    dock.list.itemActivated.emit(item)  # what a double-click or Enter on the item does
    assert services.wall.layout is Layout.L1P7
    assert services.wall.visible_cameras()[:4] == ["cam004", "cam001", "cam003", None]

    dock.list.item(0).setText("Banjir Selatan")  # an in-place edit of the name
    assert [v.name for v in views.views()] == ["Banjir Selatan"]
    dock.list.setCurrentRow(0)
    dock._delete.click()
    assert views.views() == [] and dock.list.count() == 0 and dock.current is None


def test_next_view_goes_round_the_list(qtbot, services, tmp_path):
    dock, views = _dock(qtbot, services, tmp_path)
    for name, layout in (("A", Layout.L1X1), ("B", Layout.L2P8)):
        services.wall.set_layout(layout)
        dock.save_current(name)
    dock.open_next(1)
    assert services.wall.layout is Layout.L1X1
    dock.open_next(1)
    assert services.wall.layout is Layout.L2P8
    dock.open_next(1)
    assert services.wall.layout is Layout.L1X1
    dock.open_next(-1)
    assert services.wall.layout is Layout.L2P8


def test_a_shared_view_is_said_saved_once_the_server_has_it(qtbot, services, tmp_path):
    from tests.app.test_views import FakeStore
    store = FakeStore()
    views = ViewsService(Settings(tmp_path / "s.json"), services.runner, store)
    dock = ViewsDockWidget(views, services.wall)
    qtbot.addWidget(dock)
    messages = []
    dock.message.connect(messages.append)
    services.wall.fill(["cam003"])
    dock.save_current("Gambir", shared=True)
    assert messages == []
    qtbot.waitUntil(lambda: dock.current == "server:1")
    assert messages == ['View "Gambir" saved']
    assert dock.list.item(0).font().italic() and dock.list.item(0).font().bold()

    store.refuse = True
    dock.save_current("Gambir", shared=True)
    qtbot.waitUntil(lambda: len(messages) == 2)
    assert messages[1] == "You may not change this shared view."
