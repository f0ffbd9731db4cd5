# RtcNative build entry point in PowerShell: the verbs of build.sh, on Windows and on Linux.
#   ./build.ps1 [all|build|demo|test|native|bindings|check-bindings|managed|pack|clean] [-Filter <dotnet test filter>] [-Rids <rid,...>]
#
# On Linux (PowerShell as a .NET tool: `dotnet tool install --tool-path ~/.cache/rtcnative/tools/powershell-7.6.10
# PowerShell --version 7.6.10`, then run its pwsh; 7.7.0 fails to install) the verbs that need no
# MSVC run here: check-bindings, bindings, managed, test (the managed suite against the Linux native
# library, both thread layouts; -Filter narrows it), clean. native and pack hand over to build.sh,
# which owns the Linux native build (libwebrtc cache, static links, stripping). CI
# (tests/RtcNative.Packaging.Tests, BuildScriptTests) parses this file and runs check-bindings and managed.
#
# On Windows (not runnable on the Linux machines this project is developed on, so unverified):
#   - a libwebrtc built as tg_owt (https://github.com/desktop-app/tg_owt) with MSVC, Release,
#     /MD, installed with its CMake package (lib\cmake\tg_owt) under $env:TGOWT_ROOT, plus a
#     file "..\.complete" beside that prefix once the build is known good;
#   - CMake 3.20+, Ninja and the Visual Studio 2022 C++ tools on PATH (a Developer PowerShell);
#   - clang (LLVM for Windows) on PATH, for the binding generator;
#   - the .NET 10 SDK.
# Output: out\native\rtcnative.dll, copied into runtimes\win-x64\native of every project that
# references src\RtcNative. `pack` makes out\packages\RtcNative.Runtime.win-x64.<version>.nupkg
# (runtimes\win-x64\native\rtcnative.dll), its symbols RtcNative.Runtime.win-x64.<version>.pdb.zip
# (rtcnative.pdb), and RtcNative.<version>.nupkg depending on the runtime packages of -Rids (default
# win-x64). A release with both platforms copies RtcNative.Runtime.linux-x64.<version>.nupkg from a
# Linux `./build.sh pack` into out\packages and runs `.\build.ps1 pack -Rids linux-x64,win-x64`.
# The version of every package is Directory.Build.props' VersionPrefix.
param(
    [ValidateSet('all', 'build', 'demo', 'test', 'native', 'bindings', 'check-bindings', 'managed', 'pack', 'clean')]
    [string]$Verb = 'all',
    # A dotnet test --filter expression for `test` (default: the whole managed suite).
    [string]$Filter = '',
    # The runtime identifiers whose RtcNative.Runtime.<rid> packages the managed package depends on (`pack`).
    [string[]]$Rids = @()
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$out = Join-Path $PSScriptRoot 'out'
$packages = Join-Path $out 'packages'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$onWindows = [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Windows)
$thisRid = if ($onWindows) { 'win-x64' } else { 'linux-x64' }
$nativeName = if ($onWindows) { 'rtcnative.dll' } else { 'librtcnative.so' }

function Invoke-Checked([string]$what, [scriptblock]$block) {
    & $block
    if ($LASTEXITCODE -ne 0) { throw "$what failed with exit code $LASTEXITCODE" }
}

# Linux: build.sh owns the native build and the runtime package (the same verb there).
function Invoke-BuildSh([string]$verb) {
    Invoke-Checked "build.sh $verb" { bash (Join-Path $PSScriptRoot 'build.sh') $verb }
}

function Get-PackageVersion {
    $version = ([xml](Get-Content -Raw (Join-Path $PSScriptRoot 'Directory.Build.props'))).Project.PropertyGroup.VersionPrefix |
        Where-Object { $_ } | Select-Object -First 1
    if (-not $version) { throw 'no <VersionPrefix> in Directory.Build.props' }
    return $version.Trim()
}

function Build-Native {
    if (-not $onWindows) { Invoke-BuildSh 'native'; return }
    if (-not $env:TGOWT_ROOT) { throw 'Set TGOWT_ROOT to the install prefix of a tg_owt built with MSVC (see the top of build.ps1).' }
    Invoke-Checked 'cmake configure' { cmake -S native -B "$out\native" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DTGOWT_ROOT=$env:TGOWT_ROOT" }
    Invoke-Checked 'cmake build' { cmake --build "$out\native" }
}

# The native library MSBuild copies into referencing projects: $env:RtcNativeLibrary, else out/native's
# (Directory.Build.props' default is the Linux name, so Windows names its own).
function Set-NativeLibrary {
    if ($env:RtcNativeLibrary) { return }
    $env:RtcNativeLibrary = Join-Path (Join-Path $out 'native') $nativeName
    if (-not (Test-Path $env:RtcNativeLibrary)) {
        Write-Warning "$($env:RtcNativeLibrary) does not exist: build it with the native verb (or set RtcNativeLibrary); RtcNative will not run without it."
    }
}

function Invoke-Bindings([string]$mode) {
    Invoke-Checked "bindings $mode" { dotnet run --project build/BindingGen -c Release -- $mode native/include/rtcnative.h bindings }
}

function Build-Managed {
    Set-NativeLibrary
    Invoke-Checked 'dotnet build' { dotnet build RtcNative.sln -c Release -nologo -v minimal }
}

function Build-All { Build-Native; Invoke-Bindings 'check'; Build-Managed }

# The managed suite once per thread layout (PeerConnectionFactory reads RTCNATIVE_THREAD_LAYOUT), as build.sh test.
function Test-Managed {
    $results = Join-Path $out 'test-results'
    $failed = @()
    foreach ($layout in 'shared', 'split') {
        $env:RTCNATIVE_THREAD_LAYOUT = $layout
        $arguments = @('test', 'tests/RtcNative.Tests', '-c', 'Release', '--no-build', '-nologo', '--blame-hang-timeout', '10m',
            '--logger', "trx;LogFileName=managed-$layout.trx", '--results-directory', $results)
        if ($Filter) { $arguments += @('--filter', $Filter) }
        & dotnet @arguments
        if ($LASTEXITCODE -ne 0) { $failed += $layout }
    }
    Remove-Item Env:RTCNATIVE_THREAD_LAYOUT
    if ($failed) { throw "managed tests failed in the $($failed -join ', ') thread layout(s)" }
}

# Windows: the win-x64 runtime package from the MSVC build, with its PDB as a separate archive.
function New-WindowsRuntimePackage([string]$version) {
    $library = Join-Path $out 'native\rtcnative.dll'
    $pdb = Join-Path $out 'native\rtcnative.pdb'
    if (-not (Test-Path $library)) { throw "$library does not exist: the native build failed?" }
    New-Item -ItemType Directory -Force $packages | Out-Null
    Invoke-Checked 'dotnet pack (runtime win-x64)' {
        dotnet pack packaging/runtime/RtcNative.Runtime.win-x64.csproj -c Release -nologo -v minimal -o $packages `
            -p:ContinuousIntegrationBuild=true "-p:RuntimePackLibrary=$library"
    }
    if (Test-Path $pdb) {
        Compress-Archive -Force -Path $pdb -DestinationPath (Join-Path $packages "RtcNative.Runtime.win-x64.$version.pdb.zip")
    } else {
        Write-Warning "$pdb does not exist: no native symbols for win-x64 (link with /DEBUG)."
    }
}

# The managed package, depending on the runtime packages of $rids (whose .nupkg must be in out/packages).
function New-ManagedPackage([string]$version, [string[]]$rids) {
    foreach ($rid in $rids) {
        $runtime = Join-Path $packages "RtcNative.Runtime.$rid.$version.nupkg"
        if (-not (Test-Path $runtime)) { throw "$runtime does not exist: the managed package would depend on a package nobody can restore." }
    }
    Set-NativeLibrary
    # MSBuild reads ';' in a -p value as a separator of properties: %3B is the escaped list separator.
    Invoke-Checked 'dotnet pack (RtcNative)' {
        dotnet pack src/RtcNative/RtcNative.csproj -c Release -nologo -v minimal -o $packages `
            -p:ContinuousIntegrationBuild=true -p:RtcNativePack=true "-p:RtcNativePackRids=$($rids -join '%3B')"
    }
}

function New-Packages {
    $version = Get-PackageVersion
    # `pwsh -File build.ps1 pack -Rids a,b` passes one string "a,b": split it.
    $dependencyRids = @($Rids | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    if ($dependencyRids.Count -eq 0) { $dependencyRids = @($thisRid) }
    if ($onWindows) {
        Build-All
        New-WindowsRuntimePackage $version
        New-ManagedPackage $version $dependencyRids
    } else {
        # build.sh pack: the stripped library, its symbols, the linux-x64 runtime package and the managed one.
        Invoke-BuildSh 'pack'
        if (($dependencyRids -join ',') -ne 'linux-x64') { New-ManagedPackage $version $dependencyRids }
    }
    Get-ChildItem $packages | Format-Table Name, Length
}

switch ($Verb) {
    { $_ -in 'all', 'build' } { Build-All }
    'demo' { Build-All; Invoke-Checked 'demo' { dotnet run --project samples/RtcNative.Demo -c Release --no-build } }
    'test' {
        Build-All
        if ($onWindows) { Invoke-Checked 'ctest' { ctest --test-dir "$out\native" --output-on-failure } }
        Test-Managed
    }
    'native' { Build-Native }
    'bindings' { Invoke-Bindings 'generate' }
    'check-bindings' { Invoke-Bindings 'check' }
    'managed' { Build-Managed }
    'pack' { New-Packages }
    'clean' {
        Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue
        Get-ChildItem -Recurse -Directory -Include bin, obj | Where-Object { $_.FullName -notlike "$out*" } |
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
    }
}
