; Inno Setup script for the Pantau client on Windows.
; Build order (see README, "Packaging"):
;   python -m tools.version --iss build\version.iss --win build\version_info.txt
;   pyinstaller packaging\pantau.spec --distpath dist --workpath build\pyinstaller
;   copy a libVLC with live555 (RTSP) into build\vlc   (libvlc.dll, libvlccore.dll, plugins\)
;   iscc installer.iss
#include "build\version.iss"

[Setup]
AppId={{6C3B1E7A-8E4B-4C1F-9E0B-50A17A0C0D11}
AppName=Pantau
AppVersion={#AppVersion}
AppPublisher=Pantau contributors
DefaultDirName={autopf}\Pantau
DefaultGroupName=Pantau
OutputDir=dist
OutputBaseFilename=Pantau-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
ArchitecturesAllowed=x64compatible
WizardStyle=modern
LicenseFile=LICENSE
UninstallDisplayIcon={app}\Pantau.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "dist\Pantau-{#AppVersion}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "build\vlc\*"; DestDir: "{app}\vlc"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist

[Icons]
Name: "{group}\Pantau"; Filename: "{app}\Pantau.exe"
Name: "{group}\{cm:UninstallProgram,Pantau}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Pantau"; Filename: "{app}\Pantau.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\Pantau.exe"; Description: "{cm:LaunchProgram,Pantau}"; Flags: nowait postinstall skipifsilent
