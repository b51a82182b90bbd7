"""Add a camera (by ONVIF address or by RTSP URLs) or edit one: probe it through the
server, see what it answered and a picture of the chosen stream, then place it and save.

The dialog keeps an app.camera_forms.DialogState and paints it; every rule (what a
probe needs, when Save is allowed, what is sent) lives there. The password typed here
goes to the server with the probe, preview and save, and nowhere else: it is never
logged, and cleared once the camera is saved."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import camera_forms as forms
from app import camera_nodes as nodes
from app.api.admin import AdminCamera, ProbeFailure, ProbeKind, ProbeResult, StreamInfo
from app.domain import Area
from app.services.admin import AdminAction, AdminService
from ui.admin.camera_area_picker import AreaPicker
from ui.admin.camera_texts import FAILURE_STYLE, PROBLEM_STYLE, failure_text, problem_text
from ui.admin.camera_texts import profile_text as _profile_text

PREVIEW_SIZE = (400, 225)  # 16:9, the size most cameras send
StreamRole = Qt.ItemDataRole.UserRole + 1
SuggestionRole = Qt.ItemDataRole.UserRole + 2


class CameraDialog(QDialog):
    def __init__(self, admin: AdminService, areas: list[Area],
                 camera: AdminCamera | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera-dialog")
        self._admin = admin
        self._camera = camera
        self._previewing = False
        self._shown_streams: tuple[StreamInfo, ...] = ()
        self.saved: AdminCamera | None = None
        if camera is None:
            self.setWindowTitle(self.tr("Add a camera"))
            self._state = forms.DialogState()
        else:
            self.setWindowTitle(self.tr("Edit camera {0}").format(camera.id))
            self._state = forms.DialogState(forms.source_of(camera), forms.fields_of(camera),
                                            editing=camera)

        left = QVBoxLayout()
        left.addWidget(self._build_source())
        left.addWidget(self._build_answer(), 1)
        right = QVBoxLayout()
        right.addWidget(self._build_preview())
        right.addWidget(self._build_camera(areas), 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.problem_label = QLabel(self)
        self.problem_label.setObjectName("camera-problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)

        self._fill_fields()
        for edit in (self.address_edit, *self.url_edits, self.username_edit, self.password_edit,
                     self.id_edit, self.name_edit, self.tags_edit, self.lat_edit, self.lon_edit):
            edit.textChanged.connect(self._on_fields_changed)
        self.source_tabs.currentChanged.connect(self._on_fields_changed)
        self.record_box.toggled.connect(self._on_fields_changed)
        self.retention_spin.valueChanged.connect(self._on_fields_changed)
        self.area_picker.area_changed.connect(self._on_fields_changed)
        self.node_combo.currentTextChanged.connect(self._on_fields_changed)
        self.probe_button.clicked.connect(self._on_probe_clicked)
        self.streams_table.itemSelectionChanged.connect(self._on_streams_table_selection)
        self.suggested_list.itemClicked.connect(self._on_suggested_list_clicked)
        admin.probe_finished.connect(self._on_admin_probe_finished)
        admin.probe_failed.connect(self._on_admin_probe_failed)
        admin.preview_ready.connect(self._on_admin_preview_ready)
        admin.camera_saved.connect(self._on_admin_camera_saved)
        admin.failed.connect(self._on_admin_failed)
        admin.node_names_changed.connect(self._on_admin_node_names_changed)
        admin.load_node_names()  # the list offered may have changed since it was last read
        if camera is not None:
            self._show_streams(camera.streams)
            self.device_label.setText(self._device_text(camera.vendor, camera.model, camera.ptz))
        self._refresh()
        self.resize(1040, 680)

    # -- building ---------------------------------------------------------------------
    def _build_source(self) -> QGroupBox:
        box = QGroupBox(self.tr("Find the camera"), self)
        self.source_tabs = QTabWidget(box)
        self.source_tabs.setObjectName("camera-source")
        onvif = QWidget()
        self.address_edit = QLineEdit(onvif)
        self.address_edit.setObjectName("onvif-address")
        self.address_edit.setPlaceholderText(self.tr("host:port, e.g. 192.168.1.64:80"))
        onvif_form = QFormLayout(onvif)
        onvif_form.addRow(self.tr("ONVIF address"), self.address_edit)
        rtsp = QWidget()
        rtsp_form = QFormLayout(rtsp)
        self.url_edits = []
        for profile, label in zip(forms.PROFILES, (self.tr("Main URL"), self.tr("Sub URL"),
                                                   self.tr("Third URL")), strict=True):
            edit = QLineEdit(rtsp)
            edit.setObjectName(f"rtsp-{profile}")
            edit.setPlaceholderText("rtsp://host:554/path" if profile == "main"
                                    else self.tr("optional"))
            rtsp_form.addRow(label, edit)
            self.url_edits.append(edit)
        self.source_tabs.addTab(onvif, self.tr("By ONVIF address"))
        self.source_tabs.addTab(rtsp, self.tr("By RTSP URL(s)"))
        self.username_edit = QLineEdit(box)
        self.username_edit.setObjectName("camera-username")
        self.password_edit = QLineEdit(box)
        self.password_edit.setObjectName("camera-password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if self._camera is not None:
            self.password_edit.setPlaceholderText(self.tr("unchanged unless you type a new one"))
        account = QFormLayout()
        account.addRow(self.tr("User"), self.username_edit)
        account.addRow(self.tr("Password"), self.password_edit)
        self.probe_button = QPushButton(self.tr("Probe"), box)
        self.probe_button.setObjectName("probe-button")
        self.busy_bar = QProgressBar(box)
        self.busy_bar.setRange(0, 0)  # busy: no percentage, the camera may take seconds
        self.busy_bar.setMaximumHeight(10)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        probe_row = QHBoxLayout()
        probe_row.addWidget(self.probe_button)
        probe_row.addWidget(self.busy_bar, 1)
        self.probe_label = QLabel(box)
        self.probe_label.setObjectName("probe-message")
        self.probe_label.setWordWrap(True)
        self.probe_label.setStyleSheet(FAILURE_STYLE)
        self.probe_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(box)
        layout.addWidget(self.source_tabs)
        layout.addLayout(account)
        layout.addLayout(probe_row)
        layout.addWidget(self.probe_label)
        return box

    def _build_answer(self) -> QGroupBox:
        box = QGroupBox(self.tr("What the camera says"), self)
        self.device_label = QLabel(box)
        self.device_label.setObjectName("probe-device")
        self.device_label.setWordWrap(True)
        self.streams_table = QTableWidget(0, 4, box)
        self.streams_table.setObjectName("probe-streams")
        self.streams_table.setHorizontalHeaderLabels(
            [self.tr("Stream"), self.tr("Codec"), self.tr("Resolution"), self.tr("fps")])
        self.streams_table.verticalHeader().setVisible(False)
        self.streams_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.streams_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.streams_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.streams_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.streams_table.setMaximumHeight(120)
        self.streams_table.setToolTip(self.tr("Choose the stream whose picture is shown."))
        self.suggested_label = QLabel(self.tr("Vendor URL patterns for this address "
                                              "(click one to use it):"), box)
        self.suggested_label.setWordWrap(True)
        self.suggested_list = QListWidget(box)
        self.suggested_list.setObjectName("probe-suggested")
        layout = QVBoxLayout(box)
        layout.addWidget(self.device_label)
        layout.addWidget(self.streams_table)
        layout.addWidget(self.suggested_label)
        layout.addWidget(self.suggested_list, 1)
        layout.addStretch(0)  # takes the room while the list is hidden, not the label
        self.device_label.setSizePolicy(QSizePolicy.Policy.Preferred,
                                        QSizePolicy.Policy.Maximum)
        self.suggested_label.hide()
        self.suggested_list.hide()
        return box

    def _build_preview(self) -> QGroupBox:
        box = QGroupBox(self.tr("Picture"), self)
        self.preview_label = QLabel(self.tr("No picture yet"), box)
        self.preview_label.setObjectName("camera-preview")
        self.preview_label.setFixedSize(*PREVIEW_SIZE)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setStyleSheet("background: #15171a; color: #9aa0a6;")
        self.preview_status = QLabel(box)
        self.preview_status.setObjectName("preview-status")
        self.preview_status.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.preview_label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.preview_status)
        return box

    def _build_camera(self, areas: list[Area]) -> QGroupBox:
        box = QGroupBox(self.tr("Camera"), self)
        self.id_edit = QLineEdit(box)
        self.id_edit.setObjectName("camera-id")
        self.id_edit.setMaxLength(64)
        self.id_edit.setPlaceholderText(self.tr("e.g. js-tebet-012"))
        self.name_edit = QLineEdit(box)
        self.name_edit.setObjectName("camera-name")
        self.area_picker = AreaPicker(areas, box)
        self.tags_edit = QLineEdit(box)
        self.tags_edit.setObjectName("camera-tags")
        self.tags_edit.setPlaceholderText(self.tr("comma separated, e.g. taman, banjir"))
        self.lat_edit = QLineEdit(box)
        self.lat_edit.setObjectName("camera-lat")
        self.lat_edit.setPlaceholderText("-6.2088")
        self.lon_edit = QLineEdit(box)
        self.lon_edit.setObjectName("camera-lon")
        self.lon_edit.setPlaceholderText("106.8456")
        position = QHBoxLayout()
        position.addWidget(self.lat_edit)
        position.addWidget(self.lon_edit)
        self.record_box = QCheckBox(self.tr("Record this camera"), box)
        self.record_box.setObjectName("camera-record")
        self.retention_spin = QSpinBox(box)
        self.retention_spin.setObjectName("camera-retention")
        self.retention_spin.setRange(0, forms.MAX_RETENTION_DAYS)
        self.retention_spin.setSpecialValueText(self.tr("server default"))
        self.retention_spin.setSuffix(self.tr(" days"))
        self.node_combo = QComboBox(box)
        self.node_combo.setObjectName("camera-node")
        # Editable: a node that is planned but not running yet may be typed
        self.node_combo.setEditable(True)
        self.node_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.node_combo.addItem(self._any_node_text())
        self.node_combo.lineEdit().setPlaceholderText(self._any_node_text())
        self.node_combo.setToolTip(self.tr(
            "The node that records this camera whenever it is up. Any node: the nodes "
            "share the cameras among themselves."))
        form = QFormLayout(box)
        form.addRow(self.tr("Id"), self.id_edit)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Area"), self.area_picker)
        form.addRow(self.tr("Tags"), self.tags_edit)
        form.addRow(self.tr("Latitude, longitude"), position)
        form.addRow("", self.record_box)
        form.addRow(self.tr("Keep footage"), self.retention_spin)
        form.addRow(self.tr("Recording node"), self.node_combo)
        return box

    def _any_node_text(self) -> str:
        return self.tr("Any node (balanced)")

    def _fill_node_choices(self, names: tuple[str, ...]) -> None:
        """The combo's list, with whatever it says now kept (typed or chosen)."""
        text = self.node_combo.currentText()
        pinned = self._camera.pinned_node if self._camera is not None else None
        self.node_combo.blockSignals(True)
        while self.node_combo.count() > 1:
            self.node_combo.removeItem(1)
        self.node_combo.addItems(list(nodes.node_choices(names, pinned)))
        self._show_node_text(text)
        self.node_combo.blockSignals(False)

    def _show_node_text(self, text: str) -> None:
        # The item of that name current, so the open list marks it; typed text stays
        self.node_combo.setCurrentIndex(self.node_combo.findText(text))
        self.node_combo.setEditText(text)

    def _node_text(self) -> str:
        text = self.node_combo.currentText().strip()
        return "" if text == self._any_node_text() else text

    def _fill_fields(self) -> None:
        source, camera = self._state.source, self._state.camera
        self.source_tabs.setCurrentIndex(0 if source.kind is ProbeKind.ONVIF else 1)
        self.address_edit.setText(source.address)
        for edit, url in zip(self.url_edits, source.urls, strict=True):
            edit.setText(url)
        self.id_edit.setText(camera.camera_id)
        self.id_edit.setReadOnly(self._camera is not None)  # an id is for good
        self.name_edit.setText(camera.name)
        self.tags_edit.setText(camera.tags_text)
        self.lat_edit.setText(camera.lat_text)
        self.lon_edit.setText(camera.lon_text)
        self.record_box.setChecked(camera.record)
        self.retention_spin.setValue(camera.retention_days)
        if camera.area_id:
            self.area_picker.select(camera.area_id)
        self._fill_node_choices(self._admin.node_names)
        self._show_node_text(camera.node_text or self._any_node_text())

    # -- state ------------------------------------------------------------------------
    def _read_fields(self) -> forms.DialogState:
        kind = ProbeKind.ONVIF if self.source_tabs.currentIndex() == 0 else ProbeKind.RTSP
        urls = tuple(e.text().strip() for e in self.url_edits)
        source = forms.SourceFields(kind, self.address_edit.text().strip(),
                                    (urls[0], urls[1], urls[2]), self.username_edit.text(),
                                    self.password_edit.text())
        camera = forms.CameraFields(
            self.id_edit.text(), self.name_edit.text(), self.area_picker.area_id(),
            self.tags_edit.text(), self.lat_edit.text(), self.lon_edit.text(),
            self.record_box.isChecked(), self.retention_spin.value(), self._node_text())
        return replace(self._state, source=source, camera=camera)

    def state(self) -> forms.DialogState:
        return self._state

    def save_problem(self) -> forms.FormProblem | None:
        return forms.save_problem(self._state)

    @Slot()
    def _on_fields_changed(self, *_args) -> None:
        self._state = self._read_fields()
        self._refresh()

    def _refresh(self) -> None:
        state = self._state
        problem = forms.save_problem(state)
        self.save_button.setEnabled(problem is None)
        self.problem_label.setText("" if problem is None else problem_text(problem))
        self.probe_button.setEnabled(not state.probing
                                     and forms.probe_problem(state.source) is None)
        self.busy_bar.setVisible(state.probing)
        onvif = state.source.kind is ProbeKind.ONVIF
        self.suggested_label.setVisible(onvif and self.suggested_list.count() > 0)
        self.suggested_list.setVisible(onvif and self.suggested_list.count() > 0)

    # -- probe ------------------------------------------------------------------------
    @Slot()
    def _on_probe_clicked(self) -> None:
        self._state = forms.probing(self._read_fields())
        source = self._state.source
        self.probe_label.clear()
        self.device_label.clear()
        self._show_streams(())
        self._clear_preview()
        if source.kind is ProbeKind.ONVIF:
            self.suggested_list.clear()
            self._admin.probe_onvif(source.address, source.username.strip(), source.password)
        else:
            self._admin.probe_rtsp(source.url_map(), source.username.strip(), source.password)
        self._refresh()

    @Slot(object)
    def _on_admin_probe_finished(self, result: ProbeResult) -> None:
        if not self._state.probing:
            return
        self._state = forms.probe_answered(self._state, result)
        if self._state.camera.name != self.name_edit.text():
            self.name_edit.setText(self._state.camera.name)  # refreshes through the field
        self.device_label.setText(self._device_text(result.vendor, result.model, result.ptz))
        if result.suggested_urls and self._state.source.kind is ProbeKind.ONVIF:
            self.suggested_list.clear()
            for vendor, profile, url in result.suggested_urls:
                item = QListWidgetItem(f"{vendor} · {_profile_text(profile)}: {url}")
                item.setData(SuggestionRole, (profile, url))
                self.suggested_list.addItem(item)
        self._show_streams(result.streams)
        self._refresh()

    @Slot(object, object, str)
    def _on_admin_probe_failed(self, action: AdminAction, failure: ProbeFailure,
                               message: str) -> None:
        if action is AdminAction.PROBE and self._state.probing:
            self._state = forms.probe_refused(self._state)
            self.probe_label.setText(failure_text(failure, message))
            self._refresh()
        elif action is AdminAction.PREVIEW and self._previewing:
            self._previewing = False
            self.preview_label.setText(self.tr("No picture"))
            self.preview_status.setText(failure_text(failure, message))

    def _device_text(self, vendor: str, model: str, ptz: bool) -> str:
        name = " ".join(p for p in (vendor, model) if p) or self.tr("Vendor not reported")
        return self.tr("{0} · PTZ: {1}").format(name, self.tr("yes") if ptz else self.tr("no"))

    def _show_streams(self, streams) -> None:
        ordered = forms.ordered_streams(streams)
        self._shown_streams = tuple(ordered)
        self.streams_table.setRowCount(len(ordered))
        for row, stream in enumerate(ordered):
            cells = [_profile_text(stream.profile), forms.codec_label(stream.codec),
                     f"{stream.width}x{stream.height}" if stream.width else "?",
                     f"{stream.fps:g}" if stream.fps else "?"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(StreamRole, stream.profile)
                self.streams_table.setItem(row, column, item)
        if ordered:
            self.streams_table.selectRow(0)  # the main stream's picture first

    @Slot(QListWidgetItem)
    def _on_suggested_list_clicked(self, item: QListWidgetItem) -> None:
        profile, url = item.data(SuggestionRole)
        filled = forms.fill_suggested(self._read_fields().source, profile, url)
        self.url_edits[forms.PROFILES.index(profile)].setText(filled.urls[
            forms.PROFILES.index(profile)])
        self.source_tabs.setCurrentIndex(1)

    # -- preview ----------------------------------------------------------------------
    def selected_stream(self) -> StreamInfo | None:
        rows = self.streams_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._shown_streams):
            return None
        return self._shown_streams[rows[0].row()]

    @Slot()
    def _on_streams_table_selection(self) -> None:
        stream = self.selected_stream()
        if stream is None:
            return
        self._previewing = True
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText(self.tr("Fetching a picture…"))
        self.preview_status.setText(self.tr("{0} stream").format(_profile_text(stream.profile)))
        probe = forms.current_probe(self._state)
        if probe is not None:
            source = self._state.probed or self._state.source
            self._admin.preview(stream.url, source.username.strip(), source.password)
        elif self._camera is not None:  # the saved streams, with the account the server keeps
            self._admin.preview_camera(self._camera.id, stream.profile)

    @Slot(bytes)
    def _on_admin_preview_ready(self, jpeg: bytes) -> None:
        if not self._previewing:
            return
        self._previewing = False
        picture = QPixmap()
        if not picture.loadFromData(jpeg, "JPEG"):
            self.preview_label.setText(self.tr("No picture"))
            return
        self.preview_label.setPixmap(picture.scaled(
            self.preview_label.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
        self.preview_status.setText(self.tr("{0} stream, {1}x{2}").format(
            _profile_text(self._selected_profile()), picture.width(), picture.height()))

    def _selected_profile(self) -> str:
        stream = self.selected_stream()
        return stream.profile if stream is not None else ""

    def _clear_preview(self) -> None:
        self._previewing = False
        self.preview_label.setPixmap(QPixmap())
        self.preview_label.setText(self.tr("No picture yet"))
        self.preview_status.clear()

    def preview_pixmap(self) -> QPixmap:
        return self.preview_label.pixmap()

    # -- save -------------------------------------------------------------------------
    @Slot()
    def _on_save_clicked(self) -> None:
        self._state = self._read_fields()
        if forms.save_problem(self._state) is not None:
            self._refresh()
            return
        pin = nodes.pin_change(self._state.camera.node_text, self._camera)
        if self._camera is None:
            draft = forms.camera_draft(self._state)
            self._state = replace(self._state, saving=True)
            self._admin.create_camera(draft, pin)
        else:
            changes = forms.camera_changes(self._state)
            if not changes and pin is None:
                self.saved = self._camera
                self.accept()
                return
            self._state = replace(self._state, saving=True)
            self._admin.save_camera(self._camera, changes, pin)
        self._refresh()

    @Slot(object)
    def _on_admin_camera_saved(self, camera: AdminCamera) -> None:
        if not self._state.saving or camera.id != self._state.camera.camera_id.strip():
            return
        self.saved = camera
        self.password_edit.clear()  # never shown again
        self._state = replace(self._state, saving=False,
                              source=replace(self._state.source, password=""))
        self.accept()

    @Slot(object)
    def _on_admin_node_names_changed(self, names: tuple[str, ...]) -> None:
        self._fill_node_choices(names)

    @Slot(object, str, object)
    def _on_admin_failed(self, action: AdminAction, message: str, _report) -> None:
        if action is not AdminAction.SAVE_CAMERA or not self._state.saving:
            return
        self._state = replace(self._state, saving=False)
        self._refresh()
        self.problem_label.setText(self.tr("Not saved: {0}").format(message))

    def done(self, result: int) -> None:
        # The dialog may outlive its use (a page keeps a reference): stop hearing the
        # service's answers once closed.
        for signal, slot in ((self._admin.probe_finished, self._on_admin_probe_finished),
                             (self._admin.probe_failed, self._on_admin_probe_failed),
                             (self._admin.preview_ready, self._on_admin_preview_ready),
                             (self._admin.camera_saved, self._on_admin_camera_saved),
                             (self._admin.failed, self._on_admin_failed),
                             (self._admin.node_names_changed,
                              self._on_admin_node_names_changed)):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().done(result)
