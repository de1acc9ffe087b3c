"""Check what breaks a class: one line per check, with a fix for each that fails.

``./course doctor`` (``py course.py doctor`` on Windows) runs this file in the course's
virtual environment .venv (in the calling Python when .venv does not exist yet) and
installs nothing. The checks: the Python version against ``requires-python``; the
installed versions against the ranges of requirements.txt (and against the file that
COURSE_REQUIREMENTS names, such as requirements-lock.txt); ipywidgets and
jupyterlab_widgets a matching pair; the kernel the notebooks name installed and
running .venv's Python; every picture in images/CREDITS.md loads; Chromium for the
real-browser test; free disk and memory. Exit status 0 only when every check passes.

Its lines speak the course's language (course_utils/i18n.py): ``--lang zh`` (or ``en``),
else ``COURSE_LANG``, else a ``.course-language`` file in the current folder or one of its
two parents, else English. i18n.py is loaded by its file name: it needs only the standard
library, and the doctor runs before the course's environment exists.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # also when loaded by file name
from course_version import course_version  # noqa: E402  (scripts/course_version.py)

ROOT = Path(__file__).resolve().parent.parent
#: The environment the course runs in: .venv, or the one COURSE_VENV names (an instructor's
#: own environment, or a CI leg's).
VENV = Path(os.environ.get("COURSE_VENV") or ROOT / ".venv")
GIB = 1024**3
#: Free disk needed: .venv takes about 1 GiB once installed (979 MiB measured with
#: Python 3.11 on Linux), pip needs room for its downloads; afterwards the tests
#: need little more than their temporary copies and screenshots.
DISK_NEEDED = {"without .venv": 2 * GIB, "with .venv": GIB // 2}
#: Available memory needed by ./course test: two pytest workers with a notebook
#: kernel each, JupyterLab and Chromium for the browser test. Measured on Linux: its
#: processes' resident memory summed to at most 3.6 GiB, which counts the pages they
#: share more than once; 3 GiB free is enough in practice, JupyterLab alone needs less.
MEMORY_NEEDED = 3 * GIB
#: The languages ``--lang`` accepts (as ``./course lab --lang`` does).
LANGUAGES = ("en", "zh")
#: The operators a requirement may use when ``packaging`` is absent (Python check only).
_OPERATORS = {">=": "__ge__", ">": "__gt__", "<=": "__le__", "<": "__lt__",
              "==": "__eq__", "!=": "__ne__"}


def _load_i18n():
    """course_utils/i18n.py, loaded by its file name (importing the package would need
    numpy), or None when it cannot be loaded: the doctor then speaks English."""
    try:
        spec = importlib.util.spec_from_file_location("_course_i18n",
                                                      ROOT / "course_utils" / "i18n.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except Exception:  # a broken checkout shows in the checks; the doctor still runs
        return None
    return module


_i18n = _load_i18n()
#: The language main() chose (``--lang``, else COURSE_LANG or the marker); None: chosen
#: where each line is made, as the package chooses.
LANGUAGE: str | None = None


def tr(message: str, /, **values) -> str:
    """``message`` in the doctor's language, its ``{name}`` fields filled from ``values``
    (course_utils.i18n.tr; ``./course translate`` lists these calls)."""
    if _i18n is None:
        return message.format(**values)
    return _i18n.tr(message, language=LANGUAGE, **values)


def joined(parts: list[str]) -> str:
    """Findings or fixes, one after the other on one line."""
    return tr("; ").join(parts)


@dataclass
class Check:
    """The result of one check: ``status`` is "ok", "FAIL" or "skip" (not applicable)."""

    name: str
    status: str
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "FAIL"

    def line(self) -> str:
        text = f"{self.status:<4}  " + tr("{name}: {detail}", name=self.name,
                                          detail=self.detail)
        if self.failed and self.fix:
            return f"{text}\n      " + tr("fix: {fix}", fix=self.fix)
        return text


def course_command(command: str) -> str:
    """How to type a course command on this system."""
    return f"py course.py {command}" if os.name == "nt" else f"./course {command}"


def this_python() -> str:
    """The Python running the doctor, as typed from the course's folder."""
    try:
        return str(Path(sys.executable).resolve().relative_to(ROOT))
    except ValueError:
        return sys.executable


def pip_command() -> str:
    """``<this python> -m pip install``."""
    return f"{this_python()} -m pip install"


def _packaging():
    """The ``packaging`` modules pip and pytest use, or None when not installed."""
    try:
        from packaging import requirements, specifiers, version
    except ImportError:
        return None
    return requirements, specifiers, version


def installed_version(name: str, path: list[str] | None = None) -> str | None:
    """The installed version of distribution ``name``, or None.

    ``path`` (a list of folders) replaces ``sys.path`` for the search.
    """
    found = metadata.distributions(name=name, path=path if path is not None else sys.path)
    return next((dist.version for dist in found), None)


def check_python(version: tuple[int, ...] = tuple(sys.version_info[:3]),
                 pyproject: Path = ROOT / "pyproject.toml") -> Check:
    """Python's version against ``requires-python`` in pyproject.toml."""
    match = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"),
                      re.MULTILINE)
    spec = match.group(1) if match else ">=3.10"
    text = ".".join(map(str, version))
    tools = _packaging()
    if tools is not None:
        ok = tools[1].SpecifierSet(spec).contains(text, prereleases=True)
    else:
        clauses = re.findall(r"(>=|<=|==|!=|>|<)\s*([\d.]+)", spec)
        ok = all(getattr(tuple(version[:len(bound.split("."))]), _OPERATORS[op])(
                 tuple(int(part) for part in bound.split("."))) for op, bound in clauses)
    return Check("Python", "ok" if ok else "FAIL",
                 tr("{version} (the course needs {spec})", version=text, spec=spec),
                 tr("install a Python that matches {spec}, delete .venv and run "
                    "{command} with it (PYTHON=python3.12 ./course lab; "
                    "on Windows py -3.12 course.py lab)", spec=spec,
                    command=course_command("lab")))


def check_venv(prefix: Path = Path(sys.prefix), venv: Path = VENV) -> Check:
    """Whether this runs in the course's own virtual environment."""
    name = tr("virtual environment")
    if venv.is_dir() and prefix.resolve() == venv.resolve():
        return Check(name, "ok", tr("{venv} in use", venv=venv.name))
    if not venv.is_dir():
        return Check(name, "FAIL", tr("{venv} does not exist yet", venv=venv.name),
                     tr("{command} creates it and installs everything",
                        command=course_command("lab")))
    return Check(name, "FAIL", tr("running in {prefix}, not in {venv}", prefix=prefix,
                                  venv=venv.name),
                 tr("run the doctor as {command}", command=course_command("doctor")))


def read_requirements(path: Path) -> list[str]:
    """The requirement lines of a requirements file (no comments, options or paths)."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s)#.*", "", raw).strip()
        if line and not line.startswith(("-", ".", "/")):
            lines.append(line)
    return lines


def versions_title(path: Path) -> str:
    """The name of the check of the versions against requirements file ``path``."""
    return tr("versions vs {file}", file=path.name)


def check_requirements(path: Path, site: list[str] | None = None) -> Check:
    """Every installed version within the range ``path`` gives (markers respected)."""
    name = versions_title(path)
    fix = f"{pip_command()} -r {path.name}"
    tools = _packaging()
    if tools is None:
        return Check(name, "FAIL", tr("cannot compare versions: the package 'packaging' "
                                      "(which pip, pytest and JupyterLab need) is not "
                                      "installed"),
                     tr("{command} installs it", command=course_command("lab")))
    requirement_type, _, version_module = tools
    problems, count = [], 0
    for line in read_requirements(path):
        requirement = requirement_type.Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        count += 1
        version = installed_version(requirement.name, site)
        if version is None:
            problems.append(tr("{name} is not installed", name=requirement.name))
            continue
        try:
            ok = requirement.specifier.contains(version_module.Version(version),
                                                prereleases=True)
        except version_module.InvalidVersion:
            ok = False
        if not ok:
            problems.append(tr("{name} {version} is not {specifier}", name=requirement.name,
                               version=version, specifier=requirement.specifier))
    if problems:
        return Check(name, "FAIL", joined(problems), fix)
    return Check(name, "ok", tr("all {count} installed within their ranges", count=count))


def check_widget_pair(site: list[str] | None = None) -> Check:
    """ipywidgets and the jupyterlab_widgets it declares it needs, as installed."""
    name = "ipywidgets/jupyterlab_widgets"
    ipywidgets = installed_version("ipywidgets", site)
    lab_widgets = installed_version("jupyterlab_widgets", site)
    fix = f'{pip_command()} --upgrade ipywidgets jupyterlab_widgets'
    if ipywidgets is None or lab_widgets is None:
        missing = tr(" and ").join(n for n, v in (("ipywidgets", ipywidgets),
                                                   ("jupyterlab_widgets", lab_widgets))
                                   if v is None)
        return Check(name, "FAIL", tr("{missing} not installed: widgets will not show",
                                      missing=missing), fix)
    dist = next(iter(metadata.distributions(name="ipywidgets",
                                            path=site if site is not None else sys.path)))
    needed = next((r for r in dist.requires or []
                   if re.match(r"jupyterlab[-_]widgets\b", r, re.IGNORECASE)), None)
    pair = tr("ipywidgets {ipywidgets} with jupyterlab_widgets {lab_widgets}",
              ipywidgets=ipywidgets, lab_widgets=lab_widgets)
    tools = _packaging()
    if needed is None or tools is None:
        return Check(name, "FAIL", tr("{pair}: cannot tell whether they match "
                                      "(no requirement declared, or 'packaging' missing)",
                                      pair=pair), fix)
    requirement = tools[0].Requirement(needed)
    if requirement.specifier.contains(lab_widgets, prereleases=True):
        return Check(name, "ok", tr("{pair} (it needs {specifier})", pair=pair,
                                    specifier=requirement.specifier))
    return Check(name, "FAIL", tr("{pair}, but it needs jupyterlab_widgets {specifier}: "
                                  "widgets will not show in JupyterLab", pair=pair,
                                  specifier=requirement.specifier),
                 f'{pip_command()} "ipywidgets=={ipywidgets}" '
                 f'"jupyterlab_widgets{requirement.specifier}"')


def notebook_kernels(folder: Path = ROOT / "notebooks") -> set[str]:
    """The kernel names the notebooks ask for (metadata.kernelspec.name)."""
    names = set()
    for path in sorted(folder.glob("*.ipynb")):
        spec = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(
            "kernelspec", {})
        if spec.get("name"):
            names.add(spec["name"])
    return names


def kernel_title(names: set[str] | None = None) -> str:
    """The name of the check of the notebooks' kernels ``names``; "kernel" alone when
    ``names`` is None (the check skipped)."""
    title = tr("kernel {names}", names=", ".join(sorted(names or ())))
    return title.rstrip() if names is None else title


def check_kernels(names: set[str] | None = None) -> Check:
    """The notebooks' kernels exist and run this environment's Python.

    Jupyter replaces a kernel's ``python``/``python3``/``python3.X`` command by its own
    Python; any other command (a kernel that a user installed for another Python
    earlier, for example) runs the notebooks without this environment's packages.
    """
    names = notebook_kernels() if names is None else names
    title = kernel_title(names)
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as error:
        return Check(title, "FAIL", tr("jupyter_client cannot be imported ({error})",
                                       error=error),
                     tr("{command} installs it", command=course_command("lab")))
    own = {"python", f"python{sys.version_info[0]}", "python%d.%d" % sys.version_info[:2]}
    manager = KernelSpecManager()
    problems, fixes, found = [], [], []
    for name in sorted(names):
        try:
            spec = manager.get_kernel_spec(name)
        except NoSuchKernel:
            problems.append(tr("{name} is not installed", name=name))
            fixes.append(f"{this_python()} -m ipykernel install --sys-prefix --name {name}")
            continue
        command = spec.argv[0] if spec.argv else ""
        if command in own or Path(command).resolve() == Path(sys.executable).resolve():
            found.append(tr("{name} installed, runs this environment's Python", name=name))
        else:
            problems.append(tr("{name} (in {folder}) runs {command}, not this "
                               "environment's Python", name=name, folder=spec.resource_dir,
                               command=command))
            fixes.append(tr("jupyter kernelspec remove {name} (removes that one; the "
                            "course's own kernel then applies)", name=name))
    if problems:
        return Check(title, "FAIL", joined(problems), joined(fixes))
    return Check(title, "ok", joined(found) or tr("the notebooks name no kernel"))


def check_pictures() -> Check:
    """Every picture images/CREDITS.md lists loads with ``load_image``."""
    name = tr("pictures")
    try:
        from course_utils import images
    except Exception as error:  # a broken install shows here first; report, not crash
        return Check(name, "FAIL", tr("course_utils cannot be imported ({kind}: {error})",
                                      kind=type(error).__name__, error=error),
                     f"{pip_command()} -e .")
    credits = images.IMAGES_DIR / "CREDITS.md"
    fix = (tr("restore the folder: git checkout -- images/")
           if images.IMAGES_DIR.parent == ROOT
           else tr("reinstall the package: {command} --force-reinstall course_utils",
                   command=pip_command()))
    if not credits.is_file():
        return Check(name, "FAIL", tr("{file} is missing", file=credits), fix)
    files = re.findall(r"^\|\s*`([^`]+\.(?:png|jpe?g))`", credits.read_text(encoding="utf-8"),
                       re.MULTILINE)
    pictures = [Path(file).stem for file in files]
    problems = []
    for picture, file in zip(pictures, files, strict=True):
        if not (images.IMAGES_DIR / file).is_file():  # say so, not "no image named ..."
            problems.append(tr("{picture}: the file {file} is missing from {folder}",
                               picture=picture, file=file, folder=images.IMAGES_DIR))
            continue
        try:
            images.load_image(picture)
        except Exception as error:
            problems.append(f"{picture}: {type(error).__name__}: {error}")
    if problems or not pictures:
        return Check(name, "FAIL", joined(problems) or tr("CREDITS.md lists no picture"), fix)
    return Check(name, "ok", tr("{count} load ({pictures}) from {folder}",
                                count=len(pictures), pictures=", ".join(pictures),
                                folder=images.IMAGES_DIR))


def check_chromium(platform: str = sys.platform) -> Check:
    """Debian's Chromium, which the real-browser test drives (COURSE_CHROMIUM elsewhere)."""
    path = Path(os.environ.get("COURSE_CHROMIUM") or "/usr/bin/chromium")
    if os.access(path, os.X_OK) and path.is_file():
        return Check("Chromium", "ok", tr("{path} (for the real-browser test)", path=path))
    if not platform.startswith("linux"):
        return Check("Chromium", "skip", tr("none at COURSE_CHROMIUM, so the real-browser "
                                            "test will be skipped; the notebooks do not "
                                            "need it"))
    return Check("Chromium", "FAIL", tr("{path} is missing: the real-browser test will be "
                                        "skipped (a failure when CI=true)", path=path),
                 tr("sudo apt-get install chromium (./course test installs it when run as "
                    "root), or set COURSE_CHROMIUM to a Chromium"))


def _gib(size: int) -> str:
    return f"{size / GIB:.1f} GiB"


def check_disk(folder: Path = ROOT, venv: Path = VENV) -> Check:
    """Free space where the course lives."""
    key = "with .venv" if venv.is_dir() else "without .venv"
    free = shutil.disk_usage(folder).free
    if key == "with .venv":
        detail = tr("{free} free (needs {needed} with .venv)", free=_gib(free),
                    needed=_gib(DISK_NEEDED[key]))
    else:
        detail = tr("{free} free (needs {needed} without .venv)", free=_gib(free),
                    needed=_gib(DISK_NEEDED[key]))
    if free >= DISK_NEEDED[key]:
        return Check(tr("disk"), "ok", detail)
    return Check(tr("disk"), "FAIL", detail,
                 tr("free some space on the disk that holds {folder}", folder=folder))


def available_memory(meminfo: Path = Path("/proc/meminfo"),
                     cgroup: Path = Path("/sys/fs/cgroup")) -> int | None:
    """Bytes of memory available to new programs, or None where it cannot be read.

    Linux: MemAvailable from /proc/meminfo, capped by a container's cgroup v2 limit.
    """
    if meminfo.is_file():
        match = re.search(r"^MemAvailable:\s+(\d+) kB", meminfo.read_text(), re.MULTILINE)
        if match:
            available = int(match.group(1)) * 1024
            limit, used = cgroup / "memory.max", cgroup / "memory.current"
            if limit.is_file() and used.is_file() and limit.read_text().strip() != "max":
                available = min(available,
                                int(limit.read_text()) - int(used.read_text()))
            return available
    if hasattr(os, "sysconf") and "SC_AVPHYS_PAGES" in os.sysconf_names:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return None


def check_memory(available: int | None = None) -> Check:
    """Memory available for the notebooks' kernels, JupyterLab and the browser test."""
    available = available_memory() if available is None else available
    if available is None:
        return Check(tr("memory"), "skip", tr("cannot measure available memory on this "
                                              "system (./course test needs about {needed})",
                                              needed=_gib(MEMORY_NEEDED)))
    detail = tr("{available} available (needs {needed})", available=_gib(available),
                needed=_gib(MEMORY_NEEDED))
    if available >= MEMORY_NEEDED:
        return Check(tr("memory"), "ok", detail)
    return Check(tr("memory"), "FAIL", detail,
                 tr("close other programs (browsers, other notebooks)"))


def all_checks() -> list[Check]:
    """Every check, in the order a class meets them."""
    requirements = [ROOT / "requirements.txt"]
    chosen = os.environ.get("COURSE_REQUIREMENTS")
    if chosen and (ROOT / chosen).resolve() != requirements[0].resolve():
        requirements.append(ROOT / chosen)
    venv = check_venv()
    checks = [check_python(), venv]
    if venv.failed:  # another Python's packages say nothing about the course's
        names = [versions_title(path) for path in requirements]
        checks += [Check(name, "skip", tr("checked in {venv} only", venv=VENV.name))
                   for name in (*names, "ipywidgets/jupyterlab_widgets", kernel_title(),
                                tr("pictures"))]
        return checks + [check_chromium(), check_disk(), check_memory()]
    for path in requirements:
        if path.is_file():
            checks.append(check_requirements(path))
        else:
            checks.append(Check(versions_title(path), "FAIL",
                                tr("{path} does not exist", path=path),
                                tr("set COURSE_REQUIREMENTS to requirements.txt or "
                                   "requirements-lock.txt")))
    return checks + [check_widget_pair(), check_kernels(), check_pictures(),
                     check_chromium(), check_disk(), check_memory()]


def chosen_language(option: str | None) -> str | None:
    """The language of ``--lang``, else the one COURSE_LANG or the marker chooses; English
    (with a word on stderr) when those name a language the course is not written in."""
    if option is not None or _i18n is None:
        return option
    try:
        return _i18n.current_language()
    except ValueError as error:
        print(f"doctor: {error}; speaking English", file=sys.stderr)
        return "en"


def main(argv: list[str] = ()) -> int:
    """Print every check's line and the count of failures; 1 when any failed."""
    global LANGUAGE
    parser = argparse.ArgumentParser(prog="./course doctor", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="the language of the lines (default: COURSE_LANG, else a "
                        ".course-language file, else English)")
    args = parser.parse_args(list(argv))
    before, LANGUAGE = LANGUAGE, chosen_language(args.lang)
    try:
        print(tr("course version {version} (pyproject.toml; CHANGELOG.md says what "
                 "changed)", version=course_version()))
        checks = all_checks()
        for check in checks:
            print(check.line())
        failed = sum(check.failed for check in checks)
        print(tr("{failed} of {count} checks failed", failed=failed, count=len(checks))
              if failed else tr("all {count} checks passed", count=len(checks)))
    finally:
        LANGUAGE = before
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
