# Install Caseworker on Windows from a wheelhouse (`make wheelhouse`), with no network:
# pip may use only the wheels beside this script, each checked against its hash.
#
#   powershell -ExecutionPolicy Bypass -File install-offline.ps1 [-Venv DIR] [-Python EXE]
#
# The program lands in a virtual environment (default %LOCALAPPDATA%\Caseworker\venv);
# run it as DIR\Scripts\caseworker.exe. Python 3.11, 3.12 or 3.13 (64-bit) must be
# installed, from python.org or the Microsoft Store.
param(
    [string]$Venv = (Join-Path $env:LOCALAPPDATA "Caseworker\venv"),
    [string]$Python = ""
)
$ErrorActionPreference = "Stop"
$here = $PSScriptRoot

function Fail([string]$message) {
    Write-Host $message -ForegroundColor Red
    exit 1
}

# Native programs do not stop the script when they fail: each exit code is checked.
function Run([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { Fail "$exe failed (exit code $LASTEXITCODE); nothing more was done." }
}

function Supported([string[]]$command) {
    $exe, $rest = $command
    try {
        & $exe @rest -c "import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))" 2>$null
        return $LASTEXITCODE -eq 0
    } catch { return $false }
}

# Which Python: the one named, else the py launcher's 3.13, 3.12 or 3.11, else `python`.
$pythonCommand = $null
if ($Python) {
    if (Supported @($Python)) { $pythonCommand = @($Python) }
} else {
    foreach ($version in "3.13", "3.12", "3.11") {
        if ((Get-Command py -ErrorAction SilentlyContinue) -and (Supported @("py", "-$version"))) {
            $pythonCommand = @("py", "-$version"); break
        }
    }
    if (-not $pythonCommand -and (Get-Command python -ErrorAction SilentlyContinue) -and (Supported @("python"))) {
        $pythonCommand = @("python")
    }
}
if (-not $pythonCommand) { Fail "Caseworker needs Python 3.11, 3.12 or 3.13; none was found (name one with -Python)." }
$pyExe, $pyArgs = $pythonCommand

# Which wheels: those for this Python's build. An x64 Python also runs on Windows on Arm
# (emulated) and takes the x64 wheels; an Arm64 Python has none (pyrage ships no wheel).
$platform = & $pyExe @pyArgs -c "import sysconfig; print(sysconfig.get_platform())"
if ($platform -ne "win-amd64") { Fail "This Python is built for $platform; install the 64-bit (x64) Python from python.org." }
$target = "windows-x64"
$wheels = Join-Path $here $target
if (-not (Test-Path (Join-Path $wheels "requirements.txt"))) { Fail "This wheelhouse has no wheels for $target." }

# A damaged or altered file on the stick stops the install before anything runs.
$sums = Join-Path $here "SHA256SUMS"
if (Test-Path $sums) {
    foreach ($line in Get-Content $sums) {
        $expected, $name = $line -split "  ", 2
        if (-not ($name.StartsWith("$target/") -or $name.StartsWith("install-offline"))) { continue }
        $file = Join-Path $here ($name -replace "/", "\")
        if (-not (Test-Path $file)) { Fail "Missing from the wheelhouse: $name" }
        $actual = (Get-FileHash -Algorithm SHA256 $file).Hash.ToLower()
        if ($actual -ne $expected) { Fail "$name differs from SHA256SUMS; install stopped. Copy the wheelhouse again." }
    }
}

Write-Host "Installing Caseworker for $target into $Venv"
Run $pyExe ($pyArgs + @("-m", "venv", $Venv))
$venvPython = Join-Path $Venv "Scripts\python.exe"
# Config files and PIP_* variables could add an index or other wheels: ignore them all.
$env:PIP_CONFIG_FILE = "NUL"
Run $venvPython @("-m", "pip", "--isolated", "install", "--quiet", "--disable-pip-version-check",
    "--no-index", "--find-links", $wheels, "--only-binary", ":all:", "--require-hashes",
    "--requirement", (Join-Path $wheels "requirements.txt"))
Remove-Item Env:\PIP_CONFIG_FILE
$caseworker = Join-Path $Venv "Scripts\caseworker.exe"
Run $caseworker @("--version")
Write-Host "Done. Start it with: $caseworker"
