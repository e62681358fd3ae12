; Inno Setup script: a per-user Windows installer of the PyInstaller folder (dist\rgm).
; Built on a Windows runner (.github/workflows/package.yml), not on Linux:
;   iscc /DAppVersion=0.2.0 /DSourceDir=dist\rgm /DIconFile=build\rgm.ico packaging\windows\rgm.iss
;
; - No administrator rights: installed in %LOCALAPPDATA%\Programs\Reintegration Grant Manager.
; - Start-menu entry for the window (rgmw.exe, no console); rgm.exe is the console program for
;   batch commands, put on the user's PATH if the box is ticked.
; - Upgrade in place: the same AppId; the old program files are removed first. The data
;   (%LOCALAPPDATA%\ReintegrationGrantManager: database, backups, cache) is never touched,
;   neither by an upgrade nor by the uninstaller.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\rgm"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6B0C3E8A-5F61-4F0B-9E5B-3B2C7D1A9E47}
AppName=Reintegration Grant Manager
AppVersion={#AppVersion}
AppVerName=Reintegration Grant Manager {#AppVersion}
AppPublisher=Reintegration Grant Manager
VersionInfoVersion={#AppVersion}
DefaultDirName={localappdata}\Programs\Reintegration Grant Manager
DefaultGroupName=Reintegration Grant Manager
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=rgm-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
CloseApplications=yes
ChangesEnvironment=yes
UninstallDisplayIcon={app}\rgmw.exe
UninstallDisplayName={cm:AppName}
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
#ifdef SignTool
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
fr.AppName=Gestion des aides à la réintégration
en.AppName=Reintegration Grant Manager
fr.AddToPath=Ajouter la commande rgm au PATH de l'utilisateur (scripts, traitements par lots)
en.AddToPath=Add the rgm command to the user's PATH (scripts, batch commands)

[Tasks]
Name: "addtopath"; Description: "{cm:AddToPath}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder (never the data, which lives elsewhere).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:AppName}"; Filename: "{app}\rgmw.exe"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,{cm:AppName}}"; Filename: "{uninstallexe}"

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; \
  ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\rgmw.exe"; Description: "{cm:LaunchProgram,{cm:AppName}}"; \
  Flags: nowait postinstall skipifsilent

[Code]
function NotOnPath(Folder: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKCU, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
