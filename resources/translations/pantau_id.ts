<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>CameraTreeWidget</name>
    <message>
        <location filename="../../ui/camera_tree.py" line="+197"/>
        <source>Search: name, area, tag…</source>
        <translation>Cari: nama, wilayah, tag…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The wall is full: select a tile first.</source>
        <translation>Dinding penuh: pilih kotaknya terlebih dahulu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} of {1} cameras</source>
        <translation>{0} dari {1} kamera</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} cameras</source>
        <translation>{0} kamera</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../ui/error_dialog.py" line="+21"/>
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
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="+86"/>
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
        <location line="+27"/>
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
        <location filename="../../ui/main_window.py" line="+126"/>
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
        <source>&amp;Wall</source>
        <translation>&amp;Dinding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layout {0} ({1})</source>
        <translation>Tata letak {0} ({1})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore the grid</source>
        <translation>Kembali ke tampilan grid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Full screen</source>
        <translation>Layar penuh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera list</source>
        <translation>Daftar kamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
    <message>
        <location line="+22"/>
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
    <name>TileWidget</name>
    <message>
        <location filename="../../ui/tile_widget.py" line="+126"/>
        <source>No camera</source>
        <translation>Tidak ada kamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Playback failed</source>
        <translation>Putar ulang gagal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>Dijeda</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+182"/>
        <location line="+1"/>
        <source>Connecting…</source>
        <translation>Menyambung…</translation>
    </message>
    <message>
        <location line="-178"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>No recording of the last {0} minutes.</source>
        <translation>Tidak ada rekaman {0} menit terakhir.</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <location line="+9"/>
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
        <location line="+1"/>
        <source>The camera has no such stream. Pantau keeps trying.</source>
        <translation>Kamera tidak punya aliran ini. Pantau terus mencoba.</translation>
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
        <translation>Tidak ada mesin video di sini yang bisa memutar aliran ini.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal error: see the log.</source>
        <translation>Galat internal: lihat log.</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Tile {0}
Drop a camera here</source>
        <translation>Kotak {0}
Seret kamera ke sini</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Playback: last {0} minutes</source>
        <translation>Putar ulang: {0} menit terakhir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Back to live</source>
        <translation>Kembali ke siaran langsung</translation>
    </message>
    <message>
        <location line="+5"/>
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
</TS>
