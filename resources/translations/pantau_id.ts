<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AcknowledgeDialog</name>
    <message>
        <location filename="../../ui/alarms/ack_dialog.py" line="+28"/>
        <source>Acknowledge alarm</source>
        <translation>Konfirmasi alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}
{1} · {2}
{3}</source>
        <translation>{0}
{1} · {2}
{3}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note: what you saw and what was done (optional)</source>
        <translation>Catatan: apa yang terlihat dan apa yang dilakukan (opsional)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Acknowledge</source>
        <translation>Konfirmasi</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} / {1} characters</source>
        <translation>{0} / {1} karakter</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <location filename="../../app/actions.py" line="+84"/>
        <source>Full screen</source>
        <translation>Layar penuh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore the grid, leave full screen</source>
        <translation>Kembalikan grid, keluar dari layar penuh</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Maximise the selected tile, or restore it</source>
        <translation>Perbesar kotak terpilih, atau kembalikan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close the camera on the selected tile</source>
        <translation>Tutup kamera di kotak terpilih</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select the next tile</source>
        <translation>Pilih kotak berikutnya</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select the previous tile</source>
        <translation>Pilih kotak sebelumnya</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next view</source>
        <translation>Tampilan berikutnya</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous view</source>
        <translation>Tampilan sebelumnya</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the wall as a view</source>
        <translation>Simpan dinding sebagai tampilan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start or stop the tour through the views</source>
        <translation>Mulai atau hentikan tur tampilan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tour the selected tile through the cameras the camera list shows, or stop its tour</source>
        <translation>Tampilkan bergiliran kamera dari daftar kamera di kotak terpilih, atau hentikan turnya</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show or hide the camera list</source>
        <translation>Tampilkan atau sembunyikan daftar kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show or hide the views</source>
        <translation>Tampilkan atau sembunyikan tampilan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Custom layout…</source>
        <translation>Tata letak khusus…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bookmark the selected tile&apos;s camera now…</source>
        <translation>Tandai kamera kotak terpilih sekarang…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export evidence from the selected tile…</source>
        <translation>Ekspor bukti dari kotak terpilih…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify an evidence export…</source>
        <translation>Verifikasi ekspor bukti…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bookmarks: search, play, edit, protect…</source>
        <translation>Penanda: cari, putar, ubah, lindungi…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: pause or go on</source>
        <translation>Putar ulang: jeda atau lanjutkan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: play forward, again for faster</source>
        <translation>Putar ulang: maju, tekan lagi untuk lebih cepat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: play backwards, again for faster</source>
        <translation>Putar ulang: mundur, tekan lagi untuk lebih cepat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: one frame forward</source>
        <translation>Putar ulang: maju satu bingkai</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: one frame back</source>
        <translation>Putar ulang: mundur satu bingkai</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback: go to a date and time</source>
        <translation>Putar ulang: ke tanggal dan jam tertentu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to live: every tile of the wall</source>
        <translation>Kembali ke siaran langsung: semua kotak dinding</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Investigate the wall&apos;s cameras in a playback window; the wall stays live</source>
        <translation>Investigasi kamera dinding di jendela putar ulang; dinding tetap siaran langsung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search an area&apos;s cameras for motion…</source>
        <translation>Cari gerakan di kamera suatu wilayah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>Tata letak</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>PTZ mode on or off (PTZ cameras)</source>
        <translation>Aktifkan atau matikan mode PTZ (kamera PTZ)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save a snapshot</source>
        <translation>Simpan cuplikan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stream information on or off</source>
        <translation>Tampilkan atau sembunyikan info stream</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset the digital zoom</source>
        <translation>Atur ulang zoom digital</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search motion: draw a rectangle on the picture (playback; Esc cancels)</source>
        <translation>Cari gerakan: gambar persegi pada gambar (pemutaran ulang; Esc membatalkan)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Turn the camera while held</source>
        <translation>Gerakkan kamera selama tombol ditahan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom the camera in while held</source>
        <translation>Perbesar kamera selama tombol ditahan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom the camera out while held</source>
        <translation>Perkecil kamera selama tombol ditahan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Go to preset 1 to 9 of the PTZ list</source>
        <translation>Ke preset 1 sampai 9 dari daftar PTZ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore the maximised tile</source>
        <translation>Kembalikan kotak yang diperbesar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close the wall window</source>
        <translation>Tutup jendela dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next page of the area on the wall</source>
        <translation>Halaman berikutnya dari wilayah di dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous page of the area on the wall</source>
        <translation>Halaman sebelumnya dari wilayah di dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the selected mask</source>
        <translation>Hapus masker terpilih</translation>
    </message>
</context>
<context>
    <name>AddMapDialog</name>
    <message>
        <location filename="../../ui/maps/add_dialog.py" line="+37"/>
        <source>Add a map</source>
        <translation>Tambah peta</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A PNG or JPEG picture, at most 16 MB</source>
        <translation>Gambar PNG/JPEG, maks. 16 MB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Upload</source>
        <translation>Unggah</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area (who sees it)</source>
        <translation>Wilayah (yang dapat melihat)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Picture</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Give the map a name and choose a picture.</source>
        <translation>Beri peta sebuah nama dan pilih gambarnya.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There is no file {0}.</source>
        <translation>Berkas {0} tidak ada.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uploading…</source>
        <translation>Mengunggah…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose the map&apos;s picture</source>
        <translation>Pilih gambar peta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>Gambar (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The server refused the map: {0}</source>
        <translation>Server menolak peta: {0}</translation>
    </message>
</context>
<context>
    <name>AdminService</name>
    <message>
        <location filename="../../app/services/admin.py" line="+241"/>
        <source>Not signed in.</source>
        <translation>Belum masuk.</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Only administrators may do this.</source>
        <translation>Hanya administrator yang boleh melakukan ini.</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <location filename="../../ui/admin/window.py" line="+69"/>
        <source>Pantau: administration</source>
        <translation>Pantau: administrasi</translation>
    </message>
</context>
<context>
    <name>AlarmRuleDialog</name>
    <message>
        <location filename="../../ui/alarms/rule_dialog.py" line="+59"/>
        <source>Alarm rule</source>
        <translation>Aturan alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alarm rule: {0}</source>
        <translation>Aturan alarm: {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Only between (WIB)</source>
        <translation>Hanya antara (WIB)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The kind&apos;s default</source>
        <translation>Bawaan jenisnya</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> dtk</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Enabled</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Whole picture</source>
        <translation>Seluruh gambar</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watches</source>
        <translation>Mengawasi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours</source>
        <translation>Jam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold</source>
        <translation>Tahan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crowd threshold</source>
        <translation>Ambang keramaian</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells that must move</source>
        <translation>Sel yang harus bergerak</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Drag a rectangle on the picture: only motion inside it raises the alarm.</source>
        <translation>Seret persegi pada gambar: hanya gerakan di dalamnya yang membunyikan alarm.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A zone can be drawn for a motion rule on one camera.</source>
        <translation>Zona dapat digambar untuk aturan gerakan pada satu kamera.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading the camera&apos;s picture…</source>
        <translation>Memuat gambar kamera…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No picture</source>
        <translation>Tidak ada gambar</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>No recent picture of this camera: the zone can still be drawn.</source>
        <translation>Tidak ada gambar terbaru dari kamera ini: zona tetap dapat digambar.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The server refused the rule: {0}</source>
        <translation>Server menolak aturan: {0}</translation>
    </message>
</context>
<context>
    <name>AlarmRulesDialog</name>
    <message>
        <location filename="../../ui/alarms/rules_dialog.py" line="+65"/>
        <source>Alarm rules</source>
        <translation>Aturan alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add…</source>
        <translation>Tambah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete alarm rule</source>
        <translation>Hapus aturan alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the rule {0}? Its alarms stay in the list.</source>
        <translation>Hapus aturan {0}? Alarmnya tetap di daftar.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>area {0}</source>
        <translation>wilayah {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (disabled)</source>
        <translation> (nonaktif)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The server refused: {0}</source>
        <translation>Server menolak: {0}</translation>
    </message>
</context>
<context>
    <name>AlarmTexts</name>
    <message>
        <location filename="../../ui/alarms/texts.py" line="+19"/>
        <source>Motion in the zone</source>
        <translation>Gerakan di zona</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera offline</source>
        <translation>Kamera mati</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Picture frozen</source>
        <translation>Gambar beku</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tampering</source>
        <translation>Sabotase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Crowd</source>
        <translation>Keramaian</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>covered</source>
        <translation>tertutup</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>out of focus</source>
        <translation>tidak fokus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>turned away</source>
        <translation>dipalingkan</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Someone else acknowledged this alarm first ({0}); the list is refreshed.</source>
        <translation>Orang lain sudah mengonfirmasi alarm ini lebih dulu ({0}); daftar diperbarui.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alarm acknowledged.</source>
        <translation>Alarm dikonfirmasi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Someone else acknowledged this alarm first; the list is refreshed.</source>
        <translation>Orang lain sudah mengonfirmasi alarm ini lebih dulu; daftar diperbarui.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The note is too long: at most 2000 characters.</source>
        <translation>Catatan terlalu panjang: paling banyak 2000 karakter.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The alarm could not be acknowledged: {0}</source>
        <translation>Alarm tidak dapat dikonfirmasi: {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Give the rule a name.</source>
        <translation>Beri nama aturan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The name is too long.</source>
        <translation>Nama terlalu panjang.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a camera or an area.</source>
        <translation>Pilih kamera atau wilayah.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A zone is drawn on one camera&apos;s picture: choose a camera.</source>
        <translation>Zona digambar pada gambar satu kamera: pilih kamera.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A crowd rule needs a threshold above 0 and at most 1.</source>
        <translation>Aturan keramaian perlu ambang di atas 0 dan paling besar 1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The hold time is 0 to 86400 seconds.</source>
        <translation>Waktu tahan 0 sampai 86400 detik.</translation>
    </message>
</context>
<context>
    <name>AlarmsBinding</name>
    <message>
        <location filename="../../ui/alarms/binding.py" line="+111"/>
        <location line="+1"/>
        <source>Alarms</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alarm rules…</source>
        <translation>Aturan alarm…</translation>
    </message>
</context>
<context>
    <name>AlarmsDockWidget</name>
    <message>
        <location filename="../../ui/alarms/dock.py" line="+169"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Acknowledging…</source>
        <translation>Mengonfirmasi…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acknowledged by {0} at {1}</source>
        <translation>Dikonfirmasi oleh {0} pada {1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note: {0}</source>
        <translation>Catatan: {0}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The alarms could not be loaded: {0}</source>
        <translation>Alarm tidak dapat dimuat: {0}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Alarms</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open alarms</source>
        <translation>Alarm terbuka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All alarms</source>
        <translation>Semua alarm</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sound</source>
        <translation>Suara</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beep when a new alarm arrives</source>
        <translation>Bunyi bip saat alarm baru masuk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show on wall</source>
        <translation>Tampilkan di dinding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledge…</source>
        <translation>Konfirmasi…</translation>
    </message>
</context>
<context>
    <name>AreaPicker</name>
    <message>
        <location filename="../../ui/admin/camera_area_picker.py" line="+23"/>
        <source>Find an area…</source>
        <translation>Cari wilayah…</translation>
    </message>
</context>
<context>
    <name>AreasPicker</name>
    <message>
        <location filename="../../ui/admin/user_areas.py" line="+163"/>
        <source>Chosen: {0}</source>
        <translation>Dipilih: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No area chosen yet.</source>
        <translation>Belum ada wilayah yang dipilih.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find an area…</source>
        <translation>Cari wilayah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A ticked area includes every area below it.</source>
        <translation>Wilayah yang dicentang mencakup semua wilayah di bawahnya.</translation>
    </message>
</context>
<context>
    <name>BookmarkDialog</name>
    <message>
        <location filename="../../ui/bookmarks/dialog.py" line="+33"/>
        <source>Bookmark — {0}</source>
        <translation>Penanda — {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> s before</source>
        <translation> dtk sebelum</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> s after</source>
        <translation> dtk sesudah</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What happened, in a few words</source>
        <translation>Apa yang terjadi, singkat saja</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>comma separated, e.g. jambret, motor</source>
        <translation>dipisah koma, mis. jambret, motor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect the footage from retention</source>
        <translation>Lindungi rekaman dari penghapusan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time (WIB)</source>
        <translation>Waktu (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Title *</source>
        <translation>Judul *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Enter the time as 2026-11-22 14:03:05 (WIB).</source>
        <translation>Isi waktu seperti 2026-11-22 14:03:05 (WIB).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the bookmark a title.</source>
        <translation>Beri judul penanda ini.</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+2"/>
        <source>Not saved: {0}</source>
        <translation>Tidak tersimpan: {0}</translation>
    </message>
</context>
<context>
    <name>BookmarkEditDialog</name>
    <message>
        <location filename="../../ui/bookmarks/dock.py" line="+66"/>
        <source>Edit bookmark — {0}</source>
        <translation>Ubah penanda — {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>comma separated, e.g. jambret, motor</source>
        <translation>dipisah koma, mis. jambret, motor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time (WIB)</source>
        <translation>Waktu (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title *</source>
        <translation>Judul *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Description</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Tag</translation>
    </message>
</context>
<context>
    <name>BookmarksDockWidget</name>
    <message>
        <location line="+31"/>
        <source>Title, description, tag or camera</source>
        <translation>Judul, keterangan, tag atau kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Author (user name)</source>
        <translation>Pembuat (nama pengguna)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From (WIB) 2026-11-22 14:00</source>
        <translation>Dari (WIB) 2026-11-22 14:00</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To (WIB)</source>
        <translation>Sampai (WIB)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Time (WIB)</source>
        <translation>Waktu (WIB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Protected</source>
        <translation>Dilindungi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Author</source>
        <translation>Pembuat</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Play</source>
        <translation>Putar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete…</source>
        <translation>Hapus…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Protect</source>
        <translation>Lindungi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unprotect</source>
        <translation>Lepas perlindungan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>Ekspor…</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Enter times as 2026-11-22 14:03 (WIB).</source>
        <translation>Isi waktu seperti 2026-11-22 14:03 (WIB).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Searching…</source>
        <translation>Mencari…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Only a supervisor may unprotect footage.</source>
        <translation>Hanya supervisor yang boleh melepas perlindungan rekaman.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unprotect it first.</source>
        <translation>Lepas dulu perlindungannya.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Delete bookmark</source>
        <translation>Hapus penanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the bookmark “{0}”?</source>
        <translation>Hapus penanda “{0}”?</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} to {1}</source>
        <translation>{0} sampai {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Protected by {0}</source>
        <translation>Dilindungi oleh {0}</translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>%n bookmark(s)</source>
        <translation>
            <numerusform>%n penanda</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Bookmark deleted.</source>
        <translation>Penanda dihapus.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Not allowed: {0}</source>
        <translation>Tidak diizinkan: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: {0}</source>
        <translation>Gagal: {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All cameras</source>
        <translation>Semua kamera</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All areas</source>
        <translation>Semua wilayah</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ui/admin/camera_dialog.py" line="+66"/>
        <source>Add a camera</source>
        <translation>Tambah kamera</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edit camera {0}</source>
        <translation>Ubah kamera {0}</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Find the camera</source>
        <translation>Temukan kamera</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>host:port, e.g. 192.168.1.64:80</source>
        <translation>host:port, mis. 192.168.1.64:80</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ONVIF address</source>
        <translation>Alamat ONVIF</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Main URL</source>
        <translation>URL utama</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sub URL</source>
        <translation>URL sub</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Third URL</source>
        <translation>URL ketiga</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By ONVIF address</source>
        <translation>Dengan alamat ONVIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By RTSP URL(s)</source>
        <translation>Dengan URL RTSP</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>unchanged unless you type a new one</source>
        <translation>tetap, kecuali Anda mengetik yang baru</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probe</source>
        <translation>Periksa</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>What the camera says</source>
        <translation>Jawaban kamera</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stream</source>
        <translation>Jenis stream</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Codec</source>
        <translation>Kodek</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Resolution</source>
        <translation>Resolusi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>fps</source>
        <translation>Bingkai/dtk</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose the stream whose picture is shown.</source>
        <translation>Pilih stream yang gambarnya ditampilkan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vendor URL patterns for this address (click one to use it):</source>
        <translation>Pola URL vendor untuk alamat ini (klik untuk memakainya):</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Picture</source>
        <translation>Gambar</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+257"/>
        <source>No picture yet</source>
        <translation>Belum ada gambar</translation>
    </message>
    <message>
        <location line="-243"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. js-tebet-012</source>
        <translation>mis. js-tebet-012</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>comma separated, e.g. taman, banjir</source>
        <translation>dipisah koma, mis. taman, banjir</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Record this camera</source>
        <translation>Rekam kamera ini</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>server default</source>
        <translation>bawaan server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> days</source>
        <translation> hari</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The node that records this camera whenever it is up. Any node: the nodes share the cameras among themselves.</source>
        <translation>Node yang merekam kamera ini selama node itu menyala. Node mana saja: para node membagi kamera di antara mereka.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags</source>
        <translation>Tag</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latitude, longitude</source>
        <translation>Lintang, bujur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep footage</source>
        <translation>Simpan rekaman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording node</source>
        <translation>Node perekam</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Any node (balanced)</source>
        <translation>Node mana saja (seimbang)</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+60"/>
        <source>No picture</source>
        <translation>Tidak ada gambar</translation>
    </message>
    <message>
        <location line="-55"/>
        <source>Vendor not reported</source>
        <translation>Vendor tidak dilaporkan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} · PTZ: {1}</source>
        <translation>{0} · PTZ: {1}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Fetching a picture…</source>
        <translation>Mengambil gambar…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} stream</source>
        <translation>stream {0}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{0} stream, {1}x{2}</source>
        <translation>stream {0}, {1}x{2}</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Not saved: {0}</source>
        <translation>Tidak tersimpan: {0}</translation>
    </message>
</context>
<context>
    <name>CameraPickerWidget</name>
    <message>
        <location filename="../../ui/evidence/camera_picker.py" line="+39"/>
        <source>Filter cameras by name, id or area</source>
        <translation>Saring kamera menurut nama, id atau wilayah</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Distance</source>
        <translation>Jarak</translation>
    </message>
</context>
<context>
    <name>CameraTexts</name>
    <message>
        <location filename="../../ui/admin/camera_texts.py" line="+30"/>
        <source>Enter the camera&apos;s ONVIF address (host:port).</source>
        <translation>Masukkan alamat ONVIF kamera (host:port).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the main stream&apos;s RTSP URL.</source>
        <translation>Masukkan URL RTSP stream utama.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A stream URL must look like rtsp://host:port/path.</source>
        <translation>URL stream harus berbentuk rtsp://host:port/path.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put the user name and password in their fields, not in the URL.</source>
        <translation>Isi nama pengguna dan kata sandi di kolomnya, bukan di URL.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the user name that goes with the password.</source>
        <translation>Masukkan nama pengguna untuk kata sandi ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asking the camera…</source>
        <translation>Menanyai kamera…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Probe to check the camera before saving.</source>
        <translation>Tekan Periksa untuk memeriksa kamera sebelum menyimpan.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera answered without a video stream.</source>
        <translation>Kamera menjawab tanpa stream video.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the camera an id.</source>
        <translation>Beri kamera sebuah id.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The id may hold letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Id hanya boleh berisi huruf, angka, &apos;.&apos;, &apos;_&apos; dan &apos;-&apos; (paling banyak 64).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Give the camera a name.</source>
        <translation>Beri kamera sebuah nama.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the camera&apos;s area.</source>
        <translation>Pilih wilayah kamera.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Latitude is a number from -90 to 90, or empty.</source>
        <translation>Lintang berupa angka dari -90 sampai 90, atau kosong.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Longitude is a number from -180 to 180, or empty.</source>
        <translation>Bujur berupa angka dari -180 sampai 180, atau kosong.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A node name may hold letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Nama node hanya boleh berisi huruf, angka, &apos;.&apos;, &apos;_&apos; dan &apos;-&apos; (paling banyak 64).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The camera refused the user name or password. Check them and probe again.</source>
        <translation>Kamera menolak nama pengguna atau kata sandi. Periksa keduanya, lalu tekan Periksa lagi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing accepts connections at that address. Check the host and port.</source>
        <translation>Tidak ada yang menerima sambungan di alamat itu. Periksa host dan port.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera did not answer in time. Check that it is on and reachable.</source>
        <translation>Kamera tidak menjawab tepat waktu. Pastikan kamera menyala dan dapat dijangkau.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something answers there, but not as an ONVIF camera. Try its RTSP URLs.</source>
        <translation>Ada yang menjawab di sana, tetapi bukan sebagai kamera ONVIF. Coba URL RTSP-nya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The stream answered, but no picture could be read from it. Check the path.</source>
        <translation>Stream menjawab, tetapi tidak ada gambar yang bisa dibaca. Periksa path-nya.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The camera could not be checked.</source>
        <translation>Kamera tidak dapat diperiksa.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>online</source>
        <translation>daring</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>tak diketahui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>disabled</source>
        <translation>nonaktif</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>create</source>
        <translation>buat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>update</source>
        <translation>perbarui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unchanged</source>
        <translation>tetap</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>error</source>
        <translation>galat</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>main</source>
        <translation>utama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sub</source>
        <translation>sub</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>third</source>
        <translation>ketiga</translation>
    </message>
</context>
<context>
    <name>CameraTreeModel</name>
    <message>
        <location filename="../../ui/cameras/tree.py" line="+285"/>
        <source>Offline since {0}</source>
        <translation>Terputus sejak {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No new picture since {0}</source>
        <translation>Tidak ada gambar baru sejak {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not recording since {0}</source>
        <translation>Tidak merekam sejak {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not recording</source>
        <translation>Tidak merekam</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} down</source>
        <translation>{0} terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} not recording</source>
        <translation>{0} tak merekam</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cameras down: {0}</source>
        <translation>Kamera terputus: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not recording: {0}</source>
        <translation>Tidak merekam: {0}</translation>
    </message>
</context>
<context>
    <name>CameraTreeWidget</name>
    <message>
        <location line="+290"/>
        <source>Search: name, area, tag…</source>
        <translation>Cari: nama, wilayah, tag…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+53"/>
        <source>Show area on wall</source>
        <translation>Tampilkan wilayah di dinding</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Puts the selected area&apos;s cameras on the wall, one page at a time (Alt+PgDown, Alt+PgUp)</source>
        <translation>Menaruh kamera wilayah yang dipilih di dinding, satu halaman setiap kali (Alt+PgDown, Alt+PgUp)</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Cameras in the area: {0}. Empty tiles: {1}.</source>
        <translation>Kamera di wilayah ini: {0}. Kotak kosong: {1}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the wall, page by page</source>
        <translation>Ganti isi dinding, per halaman</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Already on tile {0}.</source>
        <translation>Sudah ada di kotak {0}.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The wall is full: select the tile to replace.</source>
        <translation>Dinding penuh: pilih kotak yang akan diganti.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Replace tile {0}</source>
        <translation>Ganti kotak {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No empty tile for {0}.</source>
        <translation>Tidak ada kotak kosong untuk {0}.</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{0} of {1} cameras</source>
        <translation>{0} dari {1} kamera</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} cameras</source>
        <translation>{0} kamera</translation>
    </message>
</context>
<context>
    <name>CamerasPage</name>
    <message>
        <location filename="../../ui/admin/cameras_page.py" line="+248"/>
        <source>Cameras</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search by id, name, area, vendor, tag or state…</source>
        <translation>Cari menurut id, nama, wilayah, vendor, tag atau status…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add…</source>
        <translation>Tambah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove…</source>
        <translation>Hapus…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import CSV/JSON…</source>
        <translation>Impor CSV/JSON…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor / model</source>
        <translation>Vendor / model</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Streams</source>
        <translation>Stream</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recording</source>
        <translation>Rekam</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Retention (days)</source>
        <translation>Retensi (hari)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Recording node</source>
        <translation>Node perekam</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Disable</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enable</source>
        <translation>Aktifkan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} of {1} cameras</source>
        <translation>{0} dari {1} kamera</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Remove camera</source>
        <translation>Hapus kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove camera {0} ({1})?</source>
        <translation>Hapus kamera {0} ({1})?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>It leaves every list, wall and recording at once. Its footage is kept until retention deletes it; bookmarks and exports stay.</source>
        <translation>Kamera langsung keluar dari semua daftar, dinding dan perekaman. Rekamannya disimpan sampai dihapus oleh retensi; penanda dan ekspor tetap ada.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Not changed: {0}</source>
        <translation>Tidak diubah: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved, but its recording node was not set: {0}</source>
        <translation>Tersimpan, tetapi node perekamnya tidak diatur: {0}</translation>
    </message>
</context>
<context>
    <name>CamerasTableModel</name>
    <message>
        <location line="-274"/>
        <source>{0} stream(s), not probed</source>
        <translation>{0} stream, belum diperiksa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>on</source>
        <translation>ya</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>tidak</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>default</source>
        <translation>bawaan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>any</source>
        <translation>mana saja</translation>
    </message>
</context>
<context>
    <name>CrowdChartBinding</name>
    <message>
        <location filename="../../ui/crowd/binding.py" line="+31"/>
        <source>Crowd level…</source>
        <translation>Tingkat keramaian…</translation>
    </message>
</context>
<context>
    <name>CrowdLevelWindow</name>
    <message>
        <location filename="../../ui/crowd/window.py" line="+181"/>
        <source>{0} (off)</source>
        <translation>{0} (mati)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0}: nothing measured</source>
        <translation>{0}: tidak ada yang terukur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} to {1}: level {2:.0f}%, peak {3:.0f}%, moving {4:.0f}%</source>
        <translation>{0} sampai {1}: tingkat {2:.0f}%, puncak {3:.0f}%, bergerak {4:.0f}%</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No such camera among yours.</source>
        <translation>Kamera itu tidak ada di antara milik Anda.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not signed in.</source>
        <translation>Belum masuk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused: {0}</source>
        <translation>Server menolak: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not loaded. {0}</source>
        <translation>Tidak dimuat. {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing measured in this range.</source>
        <translation>Tidak ada yang terukur dalam rentang ini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up to {0}</source>
        <translation>Sampai {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The crowd alarm rules could not be read: their thresholds are not drawn.</source>
        <translation>Aturan alarm keramaian tidak dapat dibaca: ambangnya tidak digambar.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No crowd alarm rule watches this camera.</source>
        <translation>Tidak ada aturan alarm keramaian yang mengawasi kamera ini.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dashed lines: the crowd alarm rules of this camera and its areas; an alarm is raised when the level stays above one.</source>
        <translation>Garis putus-putus: aturan alarm keramaian kamera ini dan wilayahnya; alarm berbunyi bila tingkatnya bertahan di atas salah satunya.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Crowd level: {0}</source>
        <translation>Tingkat keramaian: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>6 hours</source>
        <translation>6 jam</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>24 hours</source>
        <translation>24 jam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7 days</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 days</source>
        <translation>30 hari</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>% of the scene occupied</source>
        <translation>% adegan terisi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WIB</source>
        <translation>WIB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Level (mean)</source>
        <translation>Tingkat (rata-rata)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peak (busiest second)</source>
        <translation>Puncak (detik tersibuk)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The crowd level is the share of the picture occupied by things that move or stand where the learned background is not, a minute&apos;s mean: an index of how full the scene is, not a head count. A dense crowd that stands still for minutes fades into the background and reads low; at night, in rain and when the camera moves it is unreliable. Where the line breaks, nothing was measured.</source>
        <translation>Tingkat keramaian adalah bagian gambar yang terisi oleh benda yang bergerak atau berdiri di tempat yang bukan latar yang dipelajari, rata-rata per menit: indeks seberapa penuh adegan, bukan hitungan orang. Kerumunan padat yang diam beberapa menit melebur ke latar dan terbaca rendah; di malam hari, saat hujan, dan saat kamera bergerak hasilnya tidak andal. Di tempat garis terputus, tidak ada yang terukur.</translation>
    </message>
</context>
<context>
    <name>CustomLayoutDialog</name>
    <message>
        <location filename="../../ui/views/custom_layout.py" line="+85"/>
        <source>Custom layout</source>
        <translation>Tata letak khusus</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rows x columns, then each tile as row,column or row,column,rows,columns (counted from 0), separated by semicolons. Example, one large tile and five small: 3x3:0,0,2,2;0,2;1,2;2,0;2,1;2,2</source>
        <translation>Baris x kolom, lalu setiap kotak sebagai baris,kolom atau baris,kolom,jumlah baris,jumlah kolom (dihitung dari 0), dipisahkan titik koma. Contoh, satu kotak besar dan lima kecil: 3x3:0,0,2,2;0,2;1,2;2,0;2,1;2,2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not a layout yet.</source>
        <translation>Belum menjadi tata letak.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} tiles</source>
        <translation>{0} kotak</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../ui/shell/error_dialog.py" line="+21"/>
        <source>Pantau: unexpected error</source>
        <translation>Pantau: galat tak terduga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong inside Pantau. The wall keeps running.</source>
        <translation>Terjadi masalah di dalam Pantau. Dinding video tetap berjalan.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Details are in the log file:</source>
        <translation>Rinciannya ada di berkas log:</translation>
    </message>
</context>
<context>
    <name>EvidenceDockWidget</name>
    <message>
        <location filename="../../ui/evidence/dock.py" line="+55"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Requester</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameras</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Incident (WIB)</source>
        <translation>Kejadian (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded by</source>
        <translation>Dicatat oleh</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>New…</source>
        <translation>Baru…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve…</source>
        <translation>Setujui…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refuse…</source>
        <translation>Tolak…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print receipt…</source>
        <translation>Cetak tanda terima…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download package…</source>
        <translation>Unduh paket…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>You recorded this request: another supervisor must approve it (four eyes).</source>
        <translation>Anda yang mencatat permintaan ini: supervisor lain harus menyetujuinya (prinsip empat mata).</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Downloading the package of request {0}…</source>
        <translation>Mengunduh paket permintaan {0}…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case number:</source>
        <translation>Nomor perkara:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Refuse</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why:</source>
        <translation>Alasan:</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save the receipt</source>
        <translation>Simpan tanda terima</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save the evidence package</source>
        <translation>Simpan paket bukti</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>pending</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>disetujui</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>refused</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The exports are not finished yet; try again in a moment.</source>
        <translation>Ekspor belum selesai; coba lagi sebentar lagi.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Receipt saved: {0} (its file&apos;s SHA-256: {1})</source>
        <translation>Tanda terima disimpan: {0} (SHA-256 berkasnya: {1})</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Downloading the package of request {0}: {1}%</source>
        <translation>Mengunduh paket permintaan {0}: {1}%</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Package saved: {0}. Verified ✓ — {1} export(s) signed by this server; the receipt inside is the one the server serves.</source>
        <translation>Paket disimpan: {0}. Terverifikasi ✓ — {1} ekspor ditandatangani server ini; tanda terima di dalamnya sama dengan yang diberikan server.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the receipt inside differs from the server&apos;s</source>
        <translation>tanda terima di dalamnya berbeda dari milik server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Package saved: {0}. Not verified ✗ — {1}</source>
        <translation>Paket disimpan: {0}. Tidak terverifikasi ✗ — {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not allowed: {0}</source>
        <translation>Tidak diizinkan: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: {0}</source>
        <translation>Gagal: {0}</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../ui/evidence/export_dialog.py" line="+54"/>
        <source>Enter the start and end as 2026-11-22 14:03:05 (WIB).</source>
        <translation>Isi awal dan akhir seperti 2026-11-22 14:03:05 (WIB).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The end must be after the start.</source>
        <translation>Akhir harus sesudah awal.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An export is at most 24 hours.</source>
        <translation>Satu ekspor paling lama 24 jam.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the reason for this export.</source>
        <translation>Isi alasan ekspor ini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give the case number.</source>
        <translation>Isi nomor perkara.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Export evidence — {0}</source>
        <translation>Ekspor bukti — {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What happened, and why it is exported</source>
        <translation>Apa yang terjadi, dan mengapa diekspor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. LP/B/1234/XI/2026/PMJ</source>
        <translation>mis. LP/B/1234/XI/2026/PMJ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Citizen, police unit or agency</source>
        <translation>Warga, satuan polisi atau instansi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>More cameras, same range…</source>
        <translation>Kamera lain, rentang sama…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>From (WIB)</source>
        <translation>Dari (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To (WIB)</source>
        <translation>Sampai (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason *</source>
        <translation>Alasan *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case number *</source>
        <translation>Nomor perkara *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requester</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Burn in a watermark (operator and time)</source>
        <translation>Bakar tanda air (operator dan waktu)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Content Credentials (C2PA) and each picture&apos;s UTC time</source>
        <translation>Kredensial Konten (C2PA) dan waktu UTC setiap gambar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A C2PA manifest inside the MP4, signed by the server: any C2PA verifier shows who exported it and that it was not changed. Each picture&apos;s UTC time goes in a file beside it.</source>
        <translation>Manifes C2PA di dalam MP4, ditandatangani server: setiap pemeriksa C2PA menunjukkan siapa yang mengekspornya dan bahwa ia tidak diubah. Waktu UTC setiap gambar disimpan dalam berkas di sampingnya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Privacy masks…</source>
        <translation>Masker privasi…</translation>
    </message>
    <message>
        <location line="+36"/>
        <location line="+86"/>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>Open folder</source>
        <translation>Buka folder</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Tick at least one camera.</source>
        <translation>Centang paling sedikit satu kamera.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Privacy masks are drawn for one camera: export the others separately.</source>
        <translation>Masker privasi dibuat untuk satu kamera: ekspor kamera lainnya secara terpisah.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Faces are blurred in at most 15 minutes of footage: export a shorter range, or untick Blur faces.</source>
        <translation>Wajah dikaburkan dalam paling lama 15 menit rekaman: ekspor rentang yang lebih pendek, atau hapus centang Kaburkan wajah.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wait until the faces are found.</source>
        <translation>Tunggu sampai wajah ditemukan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The range changed since the faces were found: find them again.</source>
        <translation>Rentang berubah sejak wajah ditemukan: cari lagi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The faces were reviewed for one camera: export the others separately.</source>
        <translation>Wajah diperiksa untuk satu kamera: ekspor kamera lain secara terpisah.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too many faces to send (at most 200 tracks): export a shorter range.</source>
        <translation>Terlalu banyak wajah untuk dikirim (paling banyak 200 jejak): ekspor rentang yang lebih pendek.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export {0} cameras</source>
        <translation>Ekspor {0} kamera</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Asking the server…</source>
        <translation>Meminta ke server…</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Export {0} is queued on the server.</source>
        <translation>Ekspor {0} mengantre di server.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server is cutting the footage of {0}…</source>
        <translation>Server sedang memotong rekaman {0}…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is cutting the footage…</source>
        <translation>Server sedang memotong rekaman…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downloading…</source>
        <translation>Mengunduh…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Checking the signature…</source>
        <translation>Memeriksa tanda tangan…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Verified {0} of {1}…</source>
        <translation>Terverifikasi {0} dari {1}…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Verified ✓ — signed by the server (key {0}). SHA-256 {1}. Saved in {2}</source>
        <translation>Terverifikasi ✓ — ditandatangani server (kunci {0}). SHA-256 {1}. Disimpan di {2}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not verified ✗ — {0}</source>
        <translation>Tidak terverifikasi ✗ — {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The footage has {0} gap(s) (listed in the manifest).</source>
        <translation>Rekaman ini memiliki {0} celah (tercantum dalam manifes).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Verified ✓ — {0} exports, one per camera, signed by the server (key {1}). Saved together in {2}</source>
        <translation>Terverifikasi ✓ — {0} ekspor, satu per kamera, ditandatangani server (kunci {1}). Disimpan bersama di {2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not verified ✗ — {0}: {1}</source>
        <translation>Tidak terverifikasi ✗ — {0}: {1}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>watermark burned in</source>
        <translation>tanda air dibakar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>privacy masks blacked out: {0}</source>
        <translation>masker privasi dihitamkan: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-encoded: {0}</source>
        <translation>Dienkode ulang: {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>faces pixelated: {0} track(s) in {1} picture(s), {2} dropped as no face</source>
        <translation>wajah dipikselkan: {0} jejak dalam {1} gambar, {2} dibuang karena bukan wajah</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>You may not export evidence: {0}</source>
        <translation>Anda tidak boleh mengekspor bukti: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export failed: {0}</source>
        <translation>Ekspor gagal: {0}</translation>
    </message>
</context>
<context>
    <name>ExportQueueWidget</name>
    <message>
        <location filename="../../ui/evidence/queue.py" line="+31"/>
        <location line="+85"/>
        <source>Exports</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <location line="-81"/>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From (WIB)</source>
        <translation>Dari (WIB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case</source>
        <translation>Perkara</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retry</source>
        <translation>Ulangi</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>queued</source>
        <translation>mengantre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running {0}%</source>
        <translation>berjalan {0}%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>done</source>
        <translation>selesai</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Asking the server to retry export {0}…</source>
        <translation>Meminta server mengulangi ekspor {0}…</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Exports — {0} in progress</source>
        <translation>Ekspor — {0} berjalan</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Failed: {0}</source>
        <translation>Gagal: {0}</translation>
    </message>
</context>
<context>
    <name>FaceBlurPanel</name>
    <message>
        <location filename="../../ui/evidence/face_panel.py" line="+44"/>
        <source>Blur faces (pixelated before the footage leaves)</source>
        <translation>Kaburkan wajah (dipikselkan sebelum rekaman keluar)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+151"/>
        <source>Find faces</source>
        <translation>Cari wajah</translation>
    </message>
    <message>
        <location line="-149"/>
        <source>Review faces…</source>
        <translation>Periksa wajah…</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>You may not look for faces: {0}</source>
        <translation>Anda tidak boleh mencari wajah: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding faces failed: {0}</source>
        <translation>Pencarian wajah gagal: {0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Find faces again</source>
        <translation>Cari wajah lagi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Faces are looked for in at most {0} minutes of footage; this range is {1:.0f} minutes. Export a shorter range, or several.</source>
        <translation>Wajah dicari dalam paling lama {0} menit rekaman; rentang ini {1:.0f} menit. Ekspor rentang yang lebih pendek, atau beberapa.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the server&apos;s face detector…</source>
        <translation>Menunggu pendeteksi wajah server…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finding faces… {0}%</source>
        <translation>Mencari wajah… {0}%</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The range changed since the faces were found: find them again.</source>
        <translation>Rentang berubah sejak wajah ditemukan: cari lagi.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} face track(s) found: {1} blurred, {2} dropped as no face; {3} box(es) drawn. Review them before exporting.</source>
        <translation>{0} jejak wajah ditemukan: {1} dikaburkan, {2} dibuang karena bukan wajah; {3} kotak digambar. Periksa sebelum mengekspor.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server finds the faces itself as it cuts the export. Find them first to see them, untick what is no face and add any it missed.</source>
        <translation>Server mencari wajah sendiri saat memotong ekspor. Cari dulu untuk melihatnya, hapus centang yang bukan wajah, dan tambahkan yang terlewat.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server finds the faces itself as it cuts the export.</source>
        <translation>Server mencari wajah sendiri saat memotong ekspor.</translation>
    </message>
</context>
<context>
    <name>FaceEditorDialog</name>
    <message>
        <location filename="../../ui/evidence/face_editor.py" line="+152"/>
        <source>Faces to blur — {0}</source>
        <translation>Wajah yang dikaburkan — {0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ticked faces are pixelated in every picture they are in. Untick a track that is no face. Drag over the picture to add a box the detector missed: it is pixelated for the whole export (a privacy mask is black instead). Click a drawn box and press Del to remove it.</source>
        <translation>Wajah yang dicentang dipikselkan di setiap gambar tempatnya muncul. Hapus centang jejak yang bukan wajah. Seret di atas gambar untuk menambah kotak yang terlewat oleh pendeteksi: kotak itu dipikselkan sepanjang ekspor (masker privasi justru hitam). Klik kotak yang digambar dan tekan Del untuk menghapusnya.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;▭&lt;/span&gt; a face, pixelated in the export &#x2003;&lt;span style=&apos;color:{1}&apos;&gt;▭&lt;/span&gt; not blurred (no face) &#x2003;&lt;span style=&apos;color:{2}&apos;&gt;▭&lt;/span&gt; a drawn box, pixelated in every picture</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;▭&lt;/span&gt; wajah, dipikselkan dalam ekspor &#x2003;&lt;span style=&apos;color:{1}&apos;&gt;▭&lt;/span&gt; tidak dikaburkan (bukan wajah) &#x2003;&lt;span style=&apos;color:{2}&apos;&gt;▭&lt;/span&gt; kotak digambar, dipikselkan di setiap gambar</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Blur</source>
        <translation>Kaburkan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Face</source>
        <translation>Wajah</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seen (WIB)</source>
        <translation>Terlihat (WIB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Length</source>
        <translation>Lama</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0:.1f} s</source>
        <translation>{0:.1f} dtk</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Show the faces pixelated, as exported</source>
        <translation>Tampilkan wajah dipikselkan, seperti dalam ekspor</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Remove drawn boxes</source>
        <translation>Hapus kotak yang digambar</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>{0} of {1} faces blurred, {2} dropped as no face; {3} drawn box(es) (at most {4})</source>
        <translation>{0} dari {1} wajah dikaburkan, {2} dibuang karena bukan wajah; {3} kotak digambar (paling banyak {4})</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No picture of this camera is available; the boxes are drawn on the grey area.</source>
        <translation>Tidak ada gambar dari kamera ini; kotak digambar di bidang abu-abu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading the picture…</source>
        <translation>Memuat gambar…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The picture at {0}</source>
        <translation>Gambar pada {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The picture at {0}, with face #{1}&apos;s box then</source>
        <translation>Gambar pada {0}, dengan kotak wajah #{1} saat itu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The nearest picture ({0}) is {1:.1f} s before face #{2} is seen: its first box is dotted.</source>
        <translation>Gambar terdekat ({0}) {1:.1f} dtk sebelum wajah #{2} terlihat: kotak pertamanya bertitik-titik.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The server&apos;s picture could not be read.</source>
        <translation>Gambar dari server tidak dapat dibaca.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing of this camera is recorded at {0}.</source>
        <translation>Tidak ada rekaman kamera ini pada {0}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The picture could not be fetched ({0}).</source>
        <translation>Gambar tidak dapat diambil ({0}).</translation>
    </message>
</context>
<context>
    <name>FaceEditorWidget</name>
    <message>
        <location line="-216"/>
        <source>#{0} not blurred</source>
        <translation>#{0} tidak dikaburkan</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>#{0} (not in this picture)</source>
        <translation>#{0} (tidak ada di gambar ini)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>drawn</source>
        <translation>digambar</translation>
    </message>
</context>
<context>
    <name>FormProblem</name>
    <message>
        <location filename="../../ui/shell/password_dialog.py" line="+35"/>
        <source>Enter a user name.</source>
        <translation>Isi nama pengguna.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A user name may hold only letters, digits and . _ @ -</source>
        <translation>Nama pengguna hanya boleh berisi huruf, angka, dan . _ @ -</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose at least one role.</source>
        <translation>Pilih paling sedikit satu peran.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose at least one area.</source>
        <translation>Pilih paling sedikit satu wilayah.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the new password.</source>
        <translation>Isi kata sandi baru.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The two new passwords are not the same.</source>
        <translation>Kedua kata sandi baru tidak sama.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter your current password.</source>
        <translation>Isi kata sandi Anda saat ini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The new password must differ from the current one.</source>
        <translation>Kata sandi baru harus berbeda dari yang sekarang.</translation>
    </message>
</context>
<context>
    <name>HealthDockWidget</name>
    <message>
        <location filename="../../ui/health/dock.py" line="+110"/>
        <source>Health</source>
        <translation>Kesehatan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fps per stream</source>
        <translation>fps per stream</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>kbit/s per stream</source>
        <translation>kbit/s per stream</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client CPU, % of one core</source>
        <translation>CPU klien, % dari satu inti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client memory, MB</source>
        <translation>Memori klien, MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+4"/>
        <source>Stale</source>
        <translation>Macet</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+3"/>
        <source>Offline</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not recording</source>
        <translation>Tidak merekam</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Server storage alarm: {0}</source>
        <translation>Alarm penyimpanan server: {0}</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>and {0} more</source>
        <translation>dan {0} lainnya</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/admin/import_dialog.py" line="+43"/>
        <location line="+66"/>
        <source>Import cameras</source>
        <translation>Impor kamera</translation>
    </message>
    <message>
        <location line="-60"/>
        <source>No file chosen.</source>
        <translation>Belum ada berkas dipilih.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a file…</source>
        <translation>Pilih berkas…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A CSV file with a header line (id, name, area, main_url, … as the server&apos;s README lists them) or the same as a JSON list. A dry run checks every line first; nothing is imported until you press Import.</source>
        <translation>Berkas CSV dengan baris judul (id, name, area, main_url, … seperti tercantum di README server) atau isi yang sama sebagai daftar JSON. Uji coba memeriksa setiap baris lebih dulu; tidak ada yang diimpor sampai Anda menekan Impor.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Line</source>
        <translation>Baris</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Import</source>
        <translation>Impor</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Camera lists (*.csv *.json);;All files (*)</source>
        <translation>Daftar kamera (*.csv *.json);;Semua berkas (*)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Checking every line…</source>
        <translation>Memeriksa setiap baris…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importing…</source>
        <translation>Mengimpor…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Not imported: {0}</source>
        <translation>Tidak diimpor: {0}</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Nothing was imported: {0} of {1} lines have errors.</source>
        <translation>Tidak ada yang diimpor: {0} dari {1} baris berisi galat.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dry run of {0} lines: {1} to create, {2} to update, {3} unchanged, {4} with errors.</source>
        <translation>Uji coba {0} baris: {1} akan dibuat, {2} akan diperbarui, {3} tetap, {4} galat.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Imported {0} lines: {1} created, {2} updated, {3} unchanged, {4} with errors.</source>
        <translation>Diimpor {0} baris: {1} dibuat, {2} diperbarui, {3} tetap, {4} galat.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Correct the lines marked in red and choose the file again.</source>
        <translation>Perbaiki baris bertanda merah lalu pilih berkas itu lagi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing to import.</source>
        <translation>Tidak ada yang perlu diimpor.</translation>
    </message>
</context>
<context>
    <name>InvestigationController</name>
    <message>
        <location filename="../../ui/investigation/controller.py" line="+101"/>
        <source>Select a tile with a camera to export.</source>
        <translation>Pilih kotak yang berisi kamera untuk diekspor.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Select a tile with a camera to bookmark.</source>
        <translation>Pilih kotak yang berisi kamera untuk ditandai.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Nothing recorded to play back on the selected tile.</source>
        <translation>Tidak ada rekaman untuk diputar ulang di kotak terpilih.</translation>
    </message>
</context>
<context>
    <name>InvestigationWindow</name>
    <message>
        <location filename="../../ui/investigation/window.py" line="+173"/>
        <source>Pantau investigation: playback apart from the live wall</source>
        <translation>Investigasi Pantau: putar ulang terpisah dari dinding siaran langsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investigation</source>
        <translation>Investigasi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Investigation: recordings on a clock of their own; the wall stays live</source>
        <translation>Investigasi: rekaman dengan jamnya sendiri; dinding tetap siaran langsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>Ekspor…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bookmark…</source>
        <translation>Tandai…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export the selected tile&apos;s camera: the timeline&apos;s selection, else around the playhead ({0})</source>
        <translation>Ekspor kamera kotak terpilih: pilihan di linimasa, atau di sekitar posisi putar ({0})</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/shell/login_dialog.py" line="+89"/>
        <source>Pantau: log in</source>
        <translation>Pantau: masuk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remember password on this computer</source>
        <translation>Ingat kata sandi di komputer ini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password cannot be remembered: no OS keyring is available.</source>
        <translation>Kata sandi tidak dapat diingat: keyring sistem operasi tidak tersedia.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Wrong user name or password.</source>
        <translation>Nama pengguna atau kata sandi salah.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot reach the server at {0}. Check the address and the network connection.</source>
        <translation>Server di {0} tidak dapat dihubungi. Periksa alamat server dan koneksi jaringan.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The server has a problem ({0}). Try again in a moment or call the administrator.</source>
        <translation>Server sedang bermasalah ({0}). Coba lagi sebentar lagi atau hubungi administrator.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This account is locked. {0}</source>
        <translation>Akun ini terkunci. {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Too many failed attempts. {0}</source>
        <translation>Terlalu banyak percobaan gagal. {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This user may not log in: {0}</source>
        <translation>Pengguna ini tidak diizinkan masuk: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The answer from {0} was not understood. Is it a Pantau server?</source>
        <translation>Jawaban dari {0} tidak dikenali. Benarkah itu server Pantau?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login failed: {0}</source>
        <translation>Gagal masuk: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the server address.</source>
        <translation>Isi alamat server.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter your user name and password.</source>
        <translation>Isi nama pengguna dan kata sandi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logging in…</source>
        <translation>Sedang masuk…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="+481"/>
        <source>Pantau: {0} at {1}</source>
        <translation>Pantau: {0} di {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cameras</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wall layout</source>
        <translation>Tata letak dinding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Views</source>
        <translation>Tampilan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Wall</source>
        <translation>&amp;Dinding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layout</source>
        <translation>Tata letak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>V&amp;iews</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Layout {0} ({1})</source>
        <translation>Tata letak {0} ({1})</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>&amp;Evidence</source>
        <translation>&amp;Bukti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Playback</source>
        <translation>&amp;Putar ulang</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evidence requests</source>
        <translation>Permintaan rekaman</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bookmarks</source>
        <translation>Penanda</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>A&amp;dministration</source>
        <translation>&amp;Administrasi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users and cameras…</source>
        <translation>Pengguna dan kamera…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Layout {0}</source>
        <translation>Tata letak {0}</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Select a tile with a camera to export.</source>
        <translation>Pilih kotak yang berisi kamera untuk diekspor.</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Select a tile with a camera to bookmark.</source>
        <translation>Pilih kotak yang berisi kamera untuk ditandai.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Nothing recorded to play back on the selected tile.</source>
        <translation>Tidak ada rekaman untuk diputar ulang di kotak terpilih.</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Select a tile first.</source>
        <translation>Pilih kotak terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tour of tile {0} stopped</source>
        <translation>Tur kotak {0} dihentikan</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tile {0} tours {1} cameras</source>
        <translation>Kotak {0} menampilkan {1} kamera bergiliran</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A tour needs at least two cameras in the camera list.</source>
        <translation>Tur memerlukan setidaknya dua kamera di daftar kamera.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tour through the views started</source>
        <translation>Tur tampilan dimulai</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Quit Pantau</source>
        <translation>Keluar dari Pantau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close Pantau and every wall window?</source>
        <translation>Tutup Pantau dan semua jendela dinding?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The walls go dark until Pantau is started again.</source>
        <translation>Dinding akan gelap sampai Pantau dijalankan lagi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The camera list could not be loaded: {0}</source>
        <translation>Daftar kamera gagal dimuat: {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} cameras available</source>
        <translation>{0} kamera tersedia</translation>
    </message>
</context>
<context>
    <name>MapTileWidget</name>
    <message>
        <location filename="../../ui/maps/tile.py" line="+73"/>
        <source>Take the map off this tile</source>
        <translation>Lepas peta dari kotak ini</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City overview</source>
        <translation>Ikhtisar kota</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Map not available</source>
        <translation>Peta tidak tersedia</translation>
    </message>
</context>
<context>
    <name>MapsAdminPage</name>
    <message>
        <location filename="../../ui/maps/admin_page.py" line="+142"/>
        <source>Maps</source>
        <translation>Peta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a map…</source>
        <translation>Tambah peta…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+146"/>
        <source>Remove the map</source>
        <translation>Hapus peta</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>Search cameras to drag onto the map</source>
        <translation>Cari kamera untuk diseret ke peta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field of view</source>
        <translation>Bidang pandang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heading: degrees clockwise from the picture&apos;s up</source>
        <translation>Arah hadap: derajat searah jarum jam dari atas gambar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Field of view angle</source>
        <translation>Sudut bidang pandang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take off the map</source>
        <translation>Lepas dari peta</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>PTZ</source>
        <translation>PTZ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fixed</source>
        <translation>tetap</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Drag cameras from the list onto the map; click one to turn it.</source>
        <translation>Seret kamera dari daftar ke peta; klik kamera untuk memutar arahnya.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Remove the map {0}? Its picture and its cameras&apos; places are lost; the cameras stay.</source>
        <translation>Hapus peta {0}? Gambarnya dan letak kamera di peta itu hilang; kameranya tetap ada.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The server refused the change: {0}</source>
        <translation>Server menolak perubahan: {0}</translation>
    </message>
</context>
<context>
    <name>MapsDockWidget</name>
    <message>
        <location filename="../../ui/maps/dock.py" line="+34"/>
        <source>live</source>
        <translation>langsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stale picture</source>
        <translation>gambar macet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state unknown</source>
        <translation>status tak diketahui</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Select a tile to show the camera on.</source>
        <translation>Pilih kotak untuk menampilkan kamera.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Maps</source>
        <translation>Peta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch on the selected tile</source>
        <translation>Lihat di kotak terpilih</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show this map on the selected tile</source>
        <translation>Tampilkan peta ini di kotak terpilih</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a camera to see its state, double-click to watch it, drag it to a tile of the wall</source>
        <translation>Klik kamera untuk melihat statusnya, klik dua kali untuk menontonnya, seret ke kotak dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+7"/>
        <source>City overview</source>
        <translation>Ikhtisar kota</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} cameras</source>
        <translation>{0} kamera</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{0} cameras by their coordinates</source>
        <translation>{0} kamera menurut koordinatnya</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>({0} without coordinates)</source>
        <translation>({0} tanpa koordinat)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} cameras on this map</source>
        <translation>{0} kamera di peta ini</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1}
{2}</source>
        <translation>{0}: {1}
{2}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Select a tile to show the map on.</source>
        <translation>Pilih kotak untuk menampilkan peta.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Maps could not be loaded: {0}</source>
        <translation>Peta gagal dimuat: {0}</translation>
    </message>
</context>
<context>
    <name>MaskEditorDialog</name>
    <message>
        <location filename="../../ui/evidence/mask_editor.py" line="+170"/>
        <source>Privacy masks — {0}</source>
        <translation>Masker privasi — {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Drag over the picture to black out a part of it. Click a mask to select it; Del removes it. At most {0}.</source>
        <translation>Seret di atas gambar untuk menghitamkan sebagian. Klik masker untuk memilihnya; Del menghapusnya. Paling banyak {0}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The picture at {0}</source>
        <translation>Gambar pada {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear all</source>
        <translation>Hapus semua</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No picture of this camera is available; draw the masks on the grey area.</source>
        <translation>Tidak ada gambar kamera ini; gambar masker di bidang abu-abu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading the picture…</source>
        <translation>Memuat gambar…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The server&apos;s picture could not be read; draw the masks on the grey area.</source>
        <translation>Gambar dari server tidak terbaca; gambar masker di bidang abu-abu.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nothing of this camera is recorded at {0}; draw the masks on the grey area.</source>
        <translation>Kamera ini tidak merekam pada {0}; gambar masker di bidang abu-abu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The picture could not be fetched ({0}); draw the masks on the grey area.</source>
        <translation>Gambar tidak dapat diambil ({0}); gambar masker di bidang abu-abu.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No privacy masks</source>
        <translation>Tanpa masker privasi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 mask</source>
        <translation>1 masker</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{0} masks</source>
        <translation>{0} masker</translation>
    </message>
</context>
<context>
    <name>MotionAreaSearchDialog</name>
    <message>
        <location filename="../../ui/motion/area_window.py" line="+128"/>
        <source>Choose an area to search.</source>
        <translation>Pilih wilayah yang akan dicari.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The end must be after the start.</source>
        <translation>Akhir harus setelah awal.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Motion search in an area</source>
        <translation>Pencarian gerakan di suatu wilayah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From (WIB)</source>
        <translation>Dari (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To (WIB)</source>
        <translation>Sampai (WIB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Region</source>
        <translation>Bagian gambar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The whole picture of every camera</source>
        <translation>Seluruh gambar setiap kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
</context>
<context>
    <name>MotionResultsWidget</name>
    <message>
        <location filename="../../ui/motion/results.py" line="+87"/>
        <source>Searching for motion from {0} to {1}…</source>
        <translation>Mencari gerakan dari {0} sampai {1}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You may not search this area.</source>
        <translation>Anda tidak boleh mencari di wilayah ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No such camera or area among yours.</source>
        <translation>Kamera atau wilayah itu tidak ada di wilayah Anda.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not signed in.</source>
        <translation>Belum masuk.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server refused the search: {0}</source>
        <translation>Server menolak pencarian: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Motion search failed. {0}</source>
        <translation>Pencarian gerakan gagal. {0}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>from {0} to {1}</source>
        <translation>dari {0} sampai {1}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No motion in the region {0}.</source>
        <translation>Tidak ada gerakan di bagian itu {0}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} stretches with motion {1}; newest first. Double-click one to play it.</source>
        <translation>{0} rentang dengan gerakan {1}; terbaru di atas. Klik dua kali untuk memutarnya.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>More stretches matched than the {0} listed: only the oldest {0} are here. Narrow the time range or the region to see the rest.</source>
        <translation>Rentang yang cocok lebih banyak dari {0} yang tercantum: hanya {0} yang terlama ada di sini. Persempit rentang waktu atau bagian gambar untuk melihat sisanya.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0}: motion in {1} cells at most</source>
        <translation>{0}: gerakan di paling banyak {1} sel</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{0}
{1} · {2}</source>
        <translation>{0}
{1} · {2}</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+7"/>
        <source>{0} and {1} more</source>
        <translation>{0} dan {1} lagi</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>{0}: not analysed {1}</source>
        <translation>{0}: tidak dianalisis {1}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not analysed at all, so the search cannot say: {0}</source>
        <translation>Sama sekali tidak dianalisis, jadi pencarian tidak dapat menjawab: {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not analysed there, so the search cannot say:</source>
        <translation>Tidak dianalisis di sana, jadi pencarian tidak dapat menjawab:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>… and {0} more cameras</source>
        <translation>… dan {0} kamera lagi</translation>
    </message>
</context>
<context>
    <name>MotionSearchBinding</name>
    <message>
        <location filename="../../ui/motion/binding.py" line="+148"/>
        <source>Motion search</source>
        <translation>Pencarian gerakan</translation>
    </message>
</context>
<context>
    <name>NewPasswordFields</name>
    <message>
        <location filename="../../ui/shell/password_dialog.py" line="+51"/>
        <source>New password</source>
        <translation>Kata sandi baru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New password again</source>
        <translation>Ulangi kata sandi baru</translation>
    </message>
</context>
<context>
    <name>NodesPanel</name>
    <message>
        <location filename="../../ui/health/nodes.py" line="+76"/>
        <source>Recording nodes</source>
        <translation>Node perekam</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Node</source>
        <translation>Node</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>Keadaan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cameras</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ingest Mbit/s</source>
        <translation>Masuk Mbit/s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disk used / total</source>
        <translation>Disk terpakai / total</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Days until full</source>
        <translation>Hari sampai penuh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days of footage</source>
        <translation>Hari rekaman</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>down since {0}</source>
        <translation>mati sejak {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>up</source>
        <translation>menyala</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped</source>
        <translation>dihentikan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} of {1} cameras recording now; relay {2}</source>
        <translation>{0} dari {1} kamera sedang merekam; relay {2}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Every camera is recorded by a node.</source>
        <translation>Setiap kamera direkam oleh sebuah node.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} and {1} more</source>
        <translation>{0} dan {1} lainnya</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n camera(s) recorded by no node: {0}</source>
        <translation>
            <numerusform>%n kamera tidak direkam node mana pun: {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordChangeDialog</name>
    <message>
        <location filename="../../ui/shell/password_dialog.py" line="+65"/>
        <source>Pantau: choose your password</source>
        <translation>Pantau: pilih kata sandi Anda</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An administrator set the password of {0}. Choose your own password before you go on: at least 10 characters, not a common one and not your user name.</source>
        <translation>Kata sandi {0} dibuat oleh administrator. Pilih kata sandi Anda sendiri sebelum melanjutkan: paling sedikit 10 karakter, bukan kata sandi umum, dan bukan nama pengguna Anda.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current password</source>
        <translation>Kata sandi saat ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change password</source>
        <translation>Ganti kata sandi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Changing the password…</source>
        <translation>Mengganti kata sandi…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot reach the server: {0}</source>
        <translation>Server tidak dapat dijangkau: {0}</translation>
    </message>
</context>
<context>
    <name>PlacementDialog</name>
    <message>
        <location filename="../../ui/cameras/placement_dialog.py" line="+35"/>
        <source>Put cameras on the wall</source>
        <translation>Taruh kamera di dinding</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nothing on the wall is replaced unless you choose to replace it.</source>
        <translation>Tidak ada isi dinding yang diganti kecuali Anda memilih untuk menggantinya.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Larger layout ({0})</source>
        <translation>Tata letak lebih besar ({0})</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empty tiles only</source>
        <translation>Hanya kotak kosong</translation>
    </message>
</context>
<context>
    <name>PtzPanel</name>
    <message>
        <location filename="../../ui/ptz/panel.py" line="+132"/>
        <source>PTZ</source>
        <translation>PTZ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speed</source>
        <translation>Kecepatan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save current as…</source>
        <translation>Simpan posisi ini sebagai…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>Ganti nama…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in (hold)</source>
        <translation>Perbesar (tahan)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out (hold)</source>
        <translation>Perkecil (tahan)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Double-click a preset to go there; on a tile in PTZ mode the keys 1–9 do the same</source>
        <translation>Klik dua kali preset untuk menuju ke sana; di kotak dalam mode PTZ, tombol 1–9 berfungsi sama</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a tile with a PTZ camera.</source>
        <translation>Pilih kotak berkamera PTZ.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} has no PTZ.</source>
        <translation>{0} tidak memiliki PTZ.</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+127"/>
        <source>Your role may not move cameras.</source>
        <translation>Peran Anda tidak boleh menggerakkan kamera.</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Save preset</source>
        <translation>Simpan preset</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+9"/>
        <source>Name:</source>
        <translation>Nama:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rename preset</source>
        <translation>Ganti nama preset</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Free: press and hold to move</source>
        <translation>Bebas: tekan dan tahan untuk menggerakkan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You control this camera</source>
        <translation>Anda mengendalikan kamera ini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held by {0} ({1}) — {2} s</source>
        <translation>Dikendalikan {0} ({1}) — {2} dtk</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../ui/evidence/receipt.py" line="+23"/>
        <source>SHA-256 of this receipt&apos;s file (receipt.json in the package)</source>
        <translation>SHA-256 berkas tanda terima ini (receipt.json dalam paket)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request</source>
        <translation>Permintaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requester</source>
        <translation>Pemohon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident</source>
        <translation>Kejadian</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case number</source>
        <translation>Nomor perkara</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recorded by</source>
        <translation>Dicatat oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved by</source>
        <translation>Disetujui oleh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4:</source>
        <translation>MP4:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not finished</source>
        <translation>belum selesai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manifest:</source>
        <translation>Manifes:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pantau — evidence receipt</source>
        <translation>Pantau — tanda terima barang bukti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Footage handed over</source>
        <translation>Rekaman yang diserahkan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contained (WIB, UTC)</source>
        <translation>Isi (WIB, UTC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SHA-256 of the MP4 / of the manifest</source>
        <translation>SHA-256 MP4 / manifes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed by server</source>
        <translation>Ditandatangani server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>key</source>
        <translation>kunci</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anyone can check the files with: python -m app.verify FOLDER --key KEY.pem</source>
        <translation>Siapa pun dapat memeriksa berkas dengan: python -m app.verify FOLDER --key KEY.pem</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <location filename="../../ui/evidence/request_dialog.py" line="+41"/>
        <source>Fill in every field marked *.</source>
        <translation>Isi setiap kolom bertanda *.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tick at least one camera.</source>
        <translation>Centang paling sedikit satu kamera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A request covers at most 16 cameras.</source>
        <translation>Satu permintaan paling banyak 16 kamera.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The footage must end after it starts.</source>
        <translation>Akhir rekaman harus sesudah awalnya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The footage must end in the past: only what is already recorded can be handed over.</source>
        <translation>Akhir rekaman harus sudah lewat: hanya yang sudah terekam yang dapat diserahkan.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ask for at most 24 hours of footage.</source>
        <translation>Minta rekaman paling lama 24 jam.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>New evidence request</source>
        <translation>Permintaan rekaman baru</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Telephone or e-mail</source>
        <translation>Telepon atau surel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A street, a camera, a kelurahan or kecamatan, or -6.2253, 106.8521</source>
        <translation>Jalan, kamera, kelurahan atau kecamatan, atau -6.2253, 106.8521</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Requester *</source>
        <translation>Pemohon *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact *</source>
        <translation>Kontak *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident time (WIB) *</source>
        <translation>Waktu kejadian (WIB) *</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cameras *</source>
        <translation>Kamera *</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Suggested for this place: {0}</source>
        <translation>Disarankan untuk tempat ini: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No camera is known near this place; tick the cameras yourself.</source>
        <translation>Tidak ada kamera yang diketahui di dekat tempat ini; centang sendiri kameranya.</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>Incident place *</source>
        <translation>Tempat kejadian *</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Footage from (WIB)</source>
        <translation>Rekaman dari (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Footage to (WIB)</source>
        <translation>Rekaman sampai (WIB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason *</source>
        <translation>Alasan *</translation>
    </message>
    <message>
        <location line="-59"/>
        <source>Enter times as 2026-11-22 14:03 (WIB).</source>
        <translation>Isi waktu seperti 2026-11-22 14:03 (WIB).</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/admin/reset_password_dialog.py" line="+57"/>
        <source>Reset password of {0}</source>
        <translation>Atur ulang kata sandi {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A new password for {0}. Their open sessions end now, and at their next sign-in they must choose their own.</source>
        <translation>Kata sandi baru untuk {0}. Sesi yang sedang terbuka berakhir sekarang, dan saat masuk berikutnya ia harus memilih kata sandinya sendiri.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset password</source>
        <translation>Atur ulang kata sandi</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
</context>
<context>
    <name>SendToMenu</name>
    <message>
        <location filename="../../ui/wall/send_menu.py" line="+61"/>
        <source>Send to…</source>
        <translation>Kirim ke…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>No workstation is connected</source>
        <translation>Tidak ada workstation yang terhubung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} (offline)</source>
        <translation>{0} (luring)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Monitor {0} ({1})</source>
        <translation>Monitor {0} ({1})</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shell/shortcuts_dialog.py" line="+126"/>
        <source>{0} is already the shortcut of &quot;{1}&quot;.</source>
        <translation>{0} sudah menjadi pintasan &quot;{1}&quot;.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Layout {0}</source>
        <translation>Tata letak {0}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On the selected tile (click it first)</source>
        <translation>Di kotak terpilih (klik dulu kotaknya)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On a tile in PTZ mode</source>
        <translation>Di kotak dalam mode PTZ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In a wall window</source>
        <translation>Di jendela dinding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the camera list</source>
        <translation>Di daftar kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In the privacy mask editor</source>
        <translation>Di penyunting masker privasi</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Keyboard shortcuts</source>
        <translation>Pintasan keyboard</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shortcut</source>
        <translation>Pintasan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Click and press the new key; default: {0}</source>
        <translation>Klik lalu tekan tombol baru; bawaan: {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
</context>
<context>
    <name>StatusBarWidget</name>
    <message>
        <location filename="../../ui/shell/status_bar.py" line="+129"/>
        <source>Alarms: {0}</source>
        <translation>Alarm: {0}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{0}: offline since {1}</source>
        <translation>{0}: terputus sejak {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}: no new picture since {1}</source>
        <translation>{0}: tak ada gambar baru sejak {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}: not recording since {1}</source>
        <translation>{0}: tak merekam sejak {1}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Server connected</source>
        <translation>Server terhubung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting to the server…</source>
        <translation>Menyambung lagi ke server…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Server unreachable</source>
        <translation>Server tak terjangkau</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cameras down: {0}</source>
        <translation>Kamera terputus: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All cameras up</source>
        <translation>Semua kamera daring</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not recording: {0}</source>
        <translation>Tidak merekam: {0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>and {0} more</source>
        <translation>dan {0} lainnya</translation>
    </message>
</context>
<context>
    <name>TileMotionRegion</name>
    <message>
        <location filename="../../ui/motion/tile_region.py" line="+172"/>
        <source>Draw a rectangle over the picture to search it for motion (Esc cancels)</source>
        <translation>Gambar persegi di atas gambar untuk mencari gerakan di sana (Esc membatalkan)</translation>
    </message>
</context>
<context>
    <name>TilePtz</name>
    <message>
        <location filename="../../ui/tile/ptz.py" line="+107"/>
        <source>PTZ: no preset {0}</source>
        <translation>PTZ: tak ada preset {0}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>PTZ: free — arrows move, wheel zooms, click centres, 1–9 presets</source>
        <translation>PTZ: bebas — panah gerak, roda zoom, klik ke tengah, 1–9 preset</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PTZ: you control this camera</source>
        <translation>PTZ: Anda mengendalikan kamera ini</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PTZ: held by {0}</source>
        <translation>PTZ: dikendalikan oleh {0}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>PTZ: your role may not move cameras</source>
        <translation>PTZ: peran Anda tidak boleh menggerakkan kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PTZ: {0}</source>
        <translation>PTZ: {0}</translation>
    </message>
</context>
<context>
    <name>TileWidget</name>
    <message>
        <location filename="../../ui/tile/widget.py" line="+259"/>
        <source>No camera</source>
        <translation>Tidak ada kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback failed</source>
        <translation>Putar ulang gagal</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Paused</source>
        <translation>Dijeda</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Loading…</source>
        <translation>Memuat…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+542"/>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Menyambung…</translation>
    </message>
    <message>
        <location line="-539"/>
        <source>Stale: picture {0} s old</source>
        <translation>Macet: gambar {0} dtk lalu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Camera offline since {0}</source>
        <translation>Kamera terputus sejak {0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Motion search works on a tile in playback</source>
        <translation>Pencarian gerakan bekerja pada petak dalam pemutaran ulang</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>No picture to save</source>
        <translation>Tidak ada gambar untuk disimpan</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>hardware</source>
        <translation>perangkat keras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>software</source>
        <translation>perangkat lunak</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0}×{1} · {2} fps</source>
        <translation>{0}×{1} · {2} fps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} kbit/s · {1}</source>
        <translation>{0} kbit/d · {1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoder: {0}</source>
        <translation>Dekoder: {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frame age: {0} s</source>
        <translation>Umur gambar: {0} dtk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom: {0}×</source>
        <translation>Zoom: {0}×</translation>
    </message>
    <message>
        <location line="+215"/>
        <source>Snapshot saved: {0}</source>
        <translation>Cuplikan disimpan: {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Snapshot failed</source>
        <translation>Cuplikan gagal</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>No recording at {0}.</source>
        <translation>Tidak ada rekaman pada {0}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No recording at this time.</source>
        <translation>Tidak ada rekaman pada waktu ini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached.</source>
        <translation>Server tidak dapat dihubungi.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may not play back this camera.</source>
        <translation>Anda tidak diizinkan memutar ulang kamera ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playback failed: {0}</source>
        <translation>Putar ulang gagal: {0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Playback</source>
        <translation>Putar ulang</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stale: no new picture</source>
        <translation>Macet: tak ada gambar baru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting…</source>
        <translation>Mencoba lagi…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline</source>
        <translation>Terputus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playback ended</source>
        <translation>Putar ulang selesai</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped</source>
        <translation>Berhenti</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>camera unreachable</source>
        <translation>tak terjangkau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>server unreachable</source>
        <translation>server tak terjangkau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stream not found</source>
        <translation>stream tak ada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>access denied</source>
        <translation>akses ditolak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreadable video</source>
        <translation>video tak terbaca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no picture</source>
        <translation>tanpa gambar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no engine can play it</source>
        <translation>tak dapat diputar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>internal error</source>
        <translation>kesalahan internal</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The camera does not answer. Pantau keeps trying.</source>
        <translation>Kamera tidak menjawab. Pantau terus mencoba.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pantau&apos;s server does not answer. Pantau keeps trying.</source>
        <translation>Server Pantau tidak menjawab. Pantau terus mencoba.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The camera has no such stream. Pantau keeps trying.</source>
        <translation>Kamera tidak punya stream ini. Pantau terus mencoba.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The camera refused the credentials.</source>
        <translation>Kamera menolak kredensial.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The camera sends video Pantau cannot read.</source>
        <translation>Kamera mengirim video yang tidak bisa dibaca Pantau.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The camera sends no picture.</source>
        <translation>Kamera tidak mengirim gambar.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No video engine here can play this stream.</source>
        <translation>Tidak ada mesin video di sini yang bisa memutar stream ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal error: see the log.</source>
        <translation>Galat internal: lihat log.</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>Last picture {0} s ago</source>
        <translation>Gambar terakhir {0} dtk lalu</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Tile {0}
Drop a camera here</source>
        <translation>Kotak {0}
Seret kamera ke sini</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Playback: last {0} minutes</source>
        <translation>Putar ulang: {0} menit terakhir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back to live</source>
        <translation>Kembali ke siaran langsung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Play on its own clock</source>
        <translation>Putar dengan jam sendiri</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save snapshot</source>
        <translation>Simpan cuplikan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open snapshot folder</source>
        <translation>Buka folder cuplikan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stream information</source>
        <translation>Info stream video</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PTZ control</source>
        <translation>Kendali PTZ</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reset zoom</source>
        <translation>Atur ulang zoom</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search motion…</source>
        <translation>Cari gerakan…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear motion search</source>
        <translation>Hapus pencarian gerakan</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restore</source>
        <translation>Kembali ke tampilan grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the wall</source>
        <translation>Perbesar ke seluruh dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>TimelineMotionLayer</name>
    <message>
        <location filename="../../ui/timeline/motion_layer.py" line="+47"/>
        <source>Motion in the searched region
{0} – {1} ({2} s, {3} cells)</source>
        <translation>Gerakan di bagian yang dicari
{0} – {1} ({2} dtk, {3} sel)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Motion: {0} hits</source>
        <translation>Gerakan: {0} temuan</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <location filename="../../ui/timeline/widget.py" line="+244"/>
        <source>Bookmark here ({0})</source>
        <translation>Tandai di sini ({0})</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export the selection…</source>
        <translation>Ekspor pilihan…</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>Missing: recorded, but the file is gone</source>
        <translation>Hilang: terekam, tetapi berkasnya tidak ada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged: the recording is cut short</source>
        <translation>Rusak: rekaman terpotong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged: the recording is corrupt</source>
        <translation>Rusak: data rekaman rusak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unavailable: on a recording node that is down</source>
        <translation>Tidak tersedia: ada di node perekam yang sedang mati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged: the recording cannot be played</source>
        <translation>Rusak: rekaman tidak dapat diputar</translation>
    </message>
    <message>
        <location line="+132"/>
        <source>Clear motion search</source>
        <translation>Hapus pencarian gerakan</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <location filename="../../ui/timeline/transport_bar.py" line="+146"/>
        <source>A date and time in WIB, e.g. 2026-11-22 14:03:05</source>
        <translation>Tanggal dan jam WIB, mis. 2026-11-22 14:03:05</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paused</source>
        <translation>Dijeda</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Wall clock</source>
        <translation>Jam dinding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tile {0}: own clock</source>
        <translation>Kotak {0}: jam sendiri</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Go to (WIB) 2026-11-22 14:03</source>
        <translation>Ke (WIB) 2026-11-22 14:03</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Go</source>
        <translation>Ke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to live</source>
        <translation>Kembali ke siaran langsung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play backwards; again for faster (J)</source>
        <translation>Putar mundur; tekan lagi untuk lebih cepat (J)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame back (,)</source>
        <translation>Mundur satu bingkai (,)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause or go on (K)</source>
        <translation>Jeda atau lanjutkan (K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One frame forward (.)</source>
        <translation>Maju satu bingkai (.)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play forward; again for faster (L)</source>
        <translation>Putar maju; tekan lagi untuk lebih cepat (L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Playback speed</source>
        <translation>Kecepatan putar ulang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every tile of the wall back to live (Ctrl+L)</source>
        <translation>Semua kotak dinding kembali ke siaran langsung (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../ui/admin/user_dialog.py" line="+131"/>
        <source>Add user</source>
        <translation>Tambah pengguna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit user {0}</source>
        <translation>Ubah pengguna {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Polsek Tebet</source>
        <translation>mis. Polsek Tebet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roles</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Areas this user sees</source>
        <translation>Wilayah yang dilihat pengguna ini</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
</context>
<context>
    <name>UserTexts</name>
    <message>
        <location filename="../../ui/admin/user_texts.py" line="+16"/>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Police</source>
        <translation>Polisi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viewer</source>
        <translation>Pemantau</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Active</source>
        <translation>Aktif</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disabled</source>
        <translation>Nonaktif</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Locked until {0}</source>
        <translation>Terkunci sampai {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Must change password</source>
        <translation>Wajib ganti kata sandi</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../ui/admin/users_page.py" line="+149"/>
        <source>New password set for {0}; they must choose their own at their next sign-in.</source>
        <translation>Kata sandi baru untuk {0} sudah diatur; saat masuk berikutnya ia harus memilih kata sandinya sendiri.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete user</source>
        <translation>Hapus pengguna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the account {0} ({1})? They can no longer sign in; their personal views go. Bookmarks, exports and the audit log keep the name.</source>
        <translation>Hapus akun {0} ({1})? Pengguna ini tidak bisa masuk lagi; tampilan pribadinya ikut terhapus. Penanda, ekspor, dan log audit tetap menyimpan namanya.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete {0}</source>
        <translation>Hapus {0}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>User {0} saved.</source>
        <translation>Pengguna {0} tersimpan.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Display name</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Roles</source>
        <translation>Peran</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Areas</source>
        <translation>Wilayah</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add…</source>
        <translation>Tambah…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Disable</source>
        <translation>Nonaktifkan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enable</source>
        <translation>Aktifkan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset password…</source>
        <translation>Atur ulang kata sandi…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete…</source>
        <translation>Hapus…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>User {0} deleted.</source>
        <translation>Pengguna {0} dihapus.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} is unlocked.</source>
        <translation>Kunci {0} sudah dibuka.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} is disabled; their sessions have ended.</source>
        <translation>{0} dinonaktifkan; sesinya sudah berakhir.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} is enabled.</source>
        <translation>{0} diaktifkan.</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <location filename="../../ui/evidence/verify_dialog.py" line="+38"/>
        <source>Verify an evidence export</source>
        <translation>Verifikasi ekspor bukti</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export folder, .mp4 or .manifest.json</source>
        <translation>Folder ekspor, .mp4 atau .manifest.json</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>Browse…</source>
        <translation>Telusuri…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The server&apos;s public key (.pem); empty: the copy in the export</source>
        <translation>Kunci publik server (.pem); kosong: salinan dalam ekspor</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+51"/>
        <location line="+45"/>
        <source>Public key</source>
        <translation>Kunci publik</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>Check</source>
        <translation>Pemeriksaan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Verify</source>
        <translation>Verifikasi</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose an export first.</source>
        <translation>Pilih ekspor dulu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The key cannot be read: {0}</source>
        <translation>Kunci tidak dapat dibaca: {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Manifest readable</source>
        <translation>Manifes terbaca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server&apos;s signature</source>
        <translation>Tanda tangan server</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Video file</source>
        <translation>Berkas video</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Signer</source>
        <translation>Penanda tangan</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Verified ✓ — the video and its manifest are as the server signed them (key {0}).</source>
        <translation>Terverifikasi ✓ — video dan manifesnya sama seperti yang ditandatangani server (kunci {0}).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signer unverified — the files are intact and signed by key {0}, but that is not the key of the server you are signed in to. Choose the server&apos;s public key to check who signed.</source>
        <translation>Penanda tangan belum terverifikasi — berkas utuh dan ditandatangani dengan kunci {0}, tetapi itu bukan kunci server tempat Anda masuk. Pilih kunci publik server untuk memeriksa siapa yang menandatangani.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not verified ✗ — {0}</source>
        <translation>Tidak terverifikasi ✗ — {0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export folder</source>
        <translation>Folder ekspor</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>PEM key (*.pem)</source>
        <translation>Kunci PEM (*.pem)</translation>
    </message>
</context>
<context>
    <name>ViewsDockWidget</name>
    <message>
        <location filename="../../ui/views/dock.py" line="+110"/>
        <source>View &quot;{0}&quot; opened</source>
        <translation>Tampilan &quot;{0}&quot; dibuka</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Type a name for the view first.</source>
        <translation>Ketik nama tampilan terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+134"/>
        <source>View &quot;{0}&quot; saved</source>
        <translation>Tampilan &quot;{0}&quot; disimpan</translation>
    </message>
    <message>
        <location line="-87"/>
        <source>shared by {0}</source>
        <translation>dibagikan oleh {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>personal</source>
        <translation>pribadi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0}: layout {1}, {2} cameras, {3}</source>
        <translation>{0}: tata letak {1}, {2} kamera, {3}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} tiles on tour</source>
        <translation>{0} kotak bergiliran</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Name of the view</source>
        <translation>Nama tampilan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared</source>
        <translation>Dibagikan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every user sees a shared view</source>
        <translation>Setiap pengguna melihat tampilan yang dibagikan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the wall as it is under this name</source>
        <translation>Simpan dinding apa adanya dengan nama ini</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+48"/>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+48"/>
        <source>Rename</source>
        <translation>Ganti nama</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+48"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>You may not change this shared view.</source>
        <translation>Anda tidak boleh mengubah tampilan bersama ini.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server cannot be reached; shared views are unavailable.</source>
        <translation>Server tidak dapat dihubungi; tampilan bersama tidak tersedia.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shared view was not changed: {0}</source>
        <translation>Tampilan bersama tidak diubah: {0}</translation>
    </message>
</context>
<context>
    <name>WallScreens</name>
    <message>
        <location filename="../../ui/wall/screens.py" line="+167"/>
        <location line="+12"/>
        <source>{0} sent by {1}</source>
        <translation>{0} dikirim oleh {1}</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <location filename="../../ui/wall/window.py" line="+76"/>
        <source>Pantau wall: {0}</source>
        <translation>Dinding Pantau: {0}</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <location filename="../../ui/motion/results.py" line="-156"/>
        <source>{0} s</source>
        <translation>{0} dtk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{0} min {1} s</source>
        <translation>{0} mnt {1} dtk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} h {1} min</source>
        <translation>{0} j {1} mnt</translation>
    </message>
</context>
</TS>
