# RtcNative build entry point for Windows: the same verbs as build.sh.
#   .\build.ps1 [all|demo|test|native|bindings|check-bindings|managed|clean]
#
# Not runnable on the Linux machines this project is developed and tested on, so it is
# unverified there. It expects what build.sh builds itself on Debian:
#   - a libwebrtc built as tg_owt (https://github.com/desktop-app/tg_owt) with MSVC, Release,
#     /MD, installed with its CMake package (lib\cmake\tg_owt) under $env:TGOWT_ROOT, plus a
#     file "..\.complete" beside that prefix once the build is known good;
#   - CMake 3.20+, Ninja and the Visual Studio 2022 C++ tools on PATH (a Developer PowerShell);
#   - clang (LLVM for Windows) on PATH, for the binding generator;
#   - the .NET 10 SDK.
# Output: out\native\rtcnative.dll, copied into runtimes\win-x64\native of every project that
# references src\RtcNative (set $env:RtcNativeLibrary to its path for MSBuild).
param(
    [ValidateSet('all', 'build', 'demo', 'test', 'native', 'bindings', 'check-bindings', 'managed', 'clean')]
    [string]$Verb = 'all'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$out = Join-Path $PSScriptRoot 'out'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Checked([string]$what, [scriptblock]$block) {
    & $block
    if ($LASTEXITCODE -ne 0) { throw "$what failed with exit code $LASTEXITCODE" }
}

function Build-Native {
    if (-not $env:TGOWT_ROOT) { throw 'Set TGOWT_ROOT to the install prefix of a tg_owt built with MSVC (see the top of build.ps1).' }
    Invoke-Checked 'cmake configure' { cmake -S native -B "$out\native" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DTGOWT_ROOT=$env:TGOWT_ROOT" }
    Invoke-Checked 'cmake build' { cmake --build "$out\native" }
    $env:RtcNativeLibrary = Join-Path $out 'native\rtcnative.dll'
}

function Invoke-Bindings([string]$mode) {
    Invoke-Checked "bindings $mode" { dotnet run --project build/BindingGen -c Release -- $mode native/include/rtcnative.h bindings }
}

function Build-Managed { Invoke-Checked 'dotnet build' { dotnet build RtcNative.sln -c Release -nologo -v minimal } }

function Build-All { Build-Native; Invoke-Bindings 'check'; Build-Managed }

switch ($Verb) {
    { $_ -in 'all', 'build' } { Build-All }
    'demo' { Build-All; Invoke-Checked 'demo' { dotnet run --project samples/RtcNative.Demo -c Release --no-build } }
    'test' {
        Build-All
        $results = Join-Path $out 'test-results'
        Invoke-Checked 'ctest' { ctest --test-dir "$out\native" --output-on-failure }
        Invoke-Checked 'dotnet test' { dotnet test RtcNative.sln -c Release --no-build --logger 'trx;LogFileName=managed.trx' --results-directory $results }
    }
    'native' { Build-Native }
    'bindings' { Invoke-Bindings 'generate' }
    'check-bindings' { Invoke-Bindings 'check' }
    'managed' { Build-Managed }
    'clean' { Remove-Item -Recurse -Force $out -ErrorAction SilentlyContinue }
}
