"""Mutation testing of the core modules with mutmut 3 (a benchmark: `make mutation`, never in CI).

    .venv/bin/python benchmarks/mutation.py [GROUP ...]      # all groups, or the ones named
    .venv/bin/python benchmarks/mutation.py --report         # the scores of the last runs, as a table
    .venv/bin/python benchmarks/mutation.py --survivors GROUP  # re-run only the last run's survivors of GROUP
    .venv/bin/python benchmarks/mutation.py GROUP --only 'briefing.writes.x_confine__mutmut_*' ...
                                                             # re-run only the named mutants (names or globs)

mutmut changes one thing at a time in the code (an operator, a constant, a call's argument …) and runs
the tests that cover the changed function; a mutant the tests do not notice "survives". Each group
below mutates some modules and runs only the fast tests that exercise them (no book build, no browser),
in a scratch copy of the project under _build/mutation/GROUP, so the worktree is never touched.

How the runs are kept honest:
- each mutant's tests run in a process forked from mutmut's, which ran the clean tests: a hook added
  to the scratch copy's tests/conftest.py (FRESH) empties, before every test, each cache the package fills
  (the fold table and patterns behind ``functools.lru_cache``, the gazetteer matcher, each source's
  normalised text, each registry's anchors), so no value computed by the clean code hides a mutant and
  mutmut's record of which tests reach a function (it runs only those) is complete: with the caches kept,
  only the first test that built the fold table counted as reaching ``_derive_tables``;
- a mutant is given 30 s of CPU over what its tests took in the clean run before it counts as a
  timeout (the import of the package in each mutant's process is not in that measure);
- XDG_CACHE_HOME points at a path that cannot be created, so no fold table is read from or written to
  disk while mutants run (one mutant's table never reaches another);
- for the groups in ASCII_LOCALE the same hook sets the tests' locale to C (ASCII) without Python's
  UTF-8 mode, so a mutant that drops encoding="utf-8" fails on Arabic, as for a user whose locale is
  not UTF-8 (the other groups' tests read subprocess output in the locale's encoding);
- the built-book test of test_downloads.py (it needs `make html`) and test_arabic.py's warm-cache test
  (it edits the module's source, which mutmut has rewritten) are deselected;
- tests that run `python -m briefing.cli` in a subprocess run the unmutated package (mutmut 3's
  mutated modules need its configuration, which a subprocess in a temporary project cannot find), so
  only in-process tests kill mutants.

mutmut 3 mutates code inside functions only (module-level tables such as HEDGE_MAP are covered by
the tests that enumerate them, not here). The scores per module, with the date, go to
benchmarks/README.md; the survivors judged equivalent, with the reason, to benchmarks/mutation-equivalent.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "_build" / "mutation"
RESULTS = WORK / "results.json"

# group -> (modules to mutate, tests to run). Tests that build the book or drive a browser are left out.
GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "arabic": (["src/briefing/arabic.py"],
               ["tests/test_arabic.py", "tests/test_anchor.py", "tests/test_pasted_quotes.py"]),
    "anchor": (["src/briefing/anchor.py"], ["tests/test_anchor.py", "tests/test_pasted_quotes.py",
                                            "tests/test_anchor_tolerances.py", "tests/test_anchor_messages.py"]),
    "claims": (["src/briefing/claims.py", "src/briefing/claims_english.py", "src/briefing/claims_prose.py"],
               ["tests/test_claims.py", "tests/test_claims_hedges.py", "tests/test_claims_facets.py",
                "tests/test_claims_reports.py", "tests/test_claims_prose.py", "tests/test_claims_english.py",
                "tests/test_claims_units.py"]),
    "estimative": (["src/briefing/estimative.py"], ["tests/test_estimative.py"]),
    "escaping": (["src/briefing/myst.py", "src/briefing/sphinx/latex.py"],
                 ["tests/test_myst.py", "tests/test_latex_escape.py"]),
    # test_writes.py drives `briefing` in subprocesses only, which run the unmutated package (see above): it
    # kills no mutant and takes minutes per mutant, so the group runs the in-process unit tests.
    "writes": (["src/briefing/writes.py", "src/briefing/yamlio.py"],
               ["tests/test_writes_units.py", "tests/test_writes_journal_units.py", "tests/test_yamlio_units.py"]),
    "downloads": (["src/briefing/sphinx/downloads.py"], ["tests/test_downloads.py"]),
}
# Functions whose score is reported for a module when only part of it is in scope (the rest of
# sphinx/latex.py writes the PDF's appendix and is tested by the PDF tests, which build the book).
IN_SCOPE = {"src/briefing/sphinx/latex.py": ("escape", "arabic")}
PRELOAD = ["numpy", "pandas", "yaml", "camel_tools.utils.charsets", "camel_tools.utils.normalize", "hypothesis",
           "rapidfuzz", "jsonschema", "fastjsonschema", "ruamel.yaml", "docutils", "sphinx.application",
           "IPython.display", "plotly", "snowballstemmer"]
FRESH = """

def pytest_sessionstart(session):  # added by benchmarks/mutation.py: the test locale
    import locale
    import os

    if os.environ.get("BRIEFING_MUTATION_ASCII"):
        locale.setlocale(locale.LC_CTYPE, "C")  # open() without an encoding now reads ASCII only


def pytest_runtest_setup(item):  # added by benchmarks/mutation.py: nothing cached survives into a test
    import gc

    from briefing import arabic, claims, gazetteer
    from briefing.corpus import Source
    from briefing.evidence import Registry

    for cached in (arabic._tables, arabic._patterns, claims._name_pattern, gazetteer._matcher):
        cached.cache_clear()
    for obj in gc.get_objects():
        if isinstance(obj, Source):
            obj.__dict__.pop("normalized", None)
        elif isinstance(obj, Registry):
            obj._matches.clear()
"""
# Groups whose tests never decode a subprocess's output with the locale's encoding (text=True), so their
# locale can be ASCII (see FRESH); in the others a dropped encoding="utf-8" goes unseen in a UTF-8 locale.
ASCII_LOCALE = {"estimative", "downloads", "claims"}
# Tests left out of a group's runs: they drive `briefing` in a subprocess (which runs the unmutated package, so
# they kill no mutant) and decode its output in the locale's encoding, which fails in an ASCII locale.
DESELECT = {"claims": ["test_cli_claims_json_and_exit_code"]}
COPY = ["src", "tests", "data", "book", "benchmarks/extraction", "scripts", "_config.yml", "_toc.yml",
        "pyproject.toml"]


def _config(modules: list[str], tests: list[str], preload: Path, isolation: str, deselect: list[str]) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    keep = " and ".join(f"not {name}" for name in ["built_book", "warm_cache", *deselect])

    return ("\n[tool.mutmut]\n"
            'source_paths = ["src"]\n'
            f"only_mutate = {toml_list(modules)}\n"
            f"also_copy = {toml_list(['data', 'book', 'benchmarks', 'scripts', '_config.yml', '_toc.yml'])}\n"
            f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
            f'pytest_add_cli_args = ["-p", "no:cacheprovider", "-k", {json.dumps(keep)}]\n'
            f"process_isolation = {json.dumps(isolation)}\n"
            'forkserver_warmup = "import"\n'
            f"preload_modules_file = {json.dumps(str(preload))}\n"
            "timeout_constant = 30.0\n"
            "use_git_change_detection = false\n")


def prepare(group: str, isolation: str) -> Path:
    modules, tests = GROUPS[group]
    work = WORK / group
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for name in COPY:
        src, dst = ROOT / name, work / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "node_modules", ".hypothesis"))
        elif src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    missing = [t for t in tests if not (work / t).exists()]
    if missing:
        raise SystemExit(f"mutation: test files missing for group {group}: {', '.join(missing)}")
    preload = work / "preload.txt"
    preload.write_text("\n".join(PRELOAD) + "\n", encoding="utf-8")
    with (work / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write(_config(modules, tests, preload, isolation, DESELECT.get(group, [])))
    with (work / "tests" / "conftest.py").open("a", encoding="utf-8") as fh:
        fh.write(FRESH)
    return work


def run(group: str, max_children: int, isolation: str, only: list[str] | None = None) -> dict:
    """Run mutmut over the group, or only over the mutants named in ``only`` (names or globs)."""
    work = prepare(group, isolation)
    env = dict(os.environ, XDG_CACHE_HOME="/dev/null/briefing-mutation-no-cache", PYTHONHASHSEED="0")
    if group in ASCII_LOCALE:
        # no UTF-8 mode, so that FRESH can make the tests' default encoding ASCII (mutmut itself reads
        # its files in the UTF-8 locale it starts in)
        env.update(PYTHONUTF8="0", BRIEFING_MUTATION_ASCII="1")
    started = dt.datetime.now()
    mutmut = Path(sys.executable).parent / "mutmut"
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.run([str(mutmut), "run", "--max-children", str(max_children), *(only or [])], cwd=work, env=env,
                              stdout=fh, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        print(f"mutation: mutmut failed for {group} (exit {proc.returncode}); see {log}", file=sys.stderr)
    result = collect(group, work)
    result["seconds"] = round((dt.datetime.now() - started).total_seconds())
    result["date"] = started.date().isoformat()
    if only:
        result["only"] = only
    return result


def collect(group: str, work: Path) -> dict:
    """Per module: counts of killed / survived / no tests / timeout, and the names of the survivors."""
    from mutmut.stats import status_by_exit_code  # type: ignore[import-not-found]

    modules, _ = GROUPS[group]
    out: dict = {"group": group, "modules": {}}
    for module in modules:
        meta = work / "mutants" / (module + ".meta")
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        scope = IN_SCOPE.get(module)
        if scope:
            codes = {k: v for k, v in codes.items() if any(f"x_{f}__mutmut_" in k for f in scope)}
        status = {k: status_by_exit_code[v] for k, v in codes.items()}
        counts = Counter(status.values())
        killed = counts["killed"] + counts["timeout"] + counts["caught by type check"]
        out["modules"][module] = {
            "total": len(status), "killed": killed, "counts": dict(counts),
            "score": round(100 * killed / len(status), 1) if status else None,
            "not_killed": sorted(k for k, s in status.items() if s not in ("killed", "timeout", "caught by type check")),
            "scope": list(scope) if scope else None,
            "statuses": status,
        }
    return out


def merge_rerun(previous: dict, rerun: dict) -> dict:
    """The previous full run of a group with its not-killed mutants replaced by their statuses in ``rerun``
    (a run of those mutants only, on the current tests); the mutants killed before are kept as killed."""
    out = {**rerun, "modules": {}, "rerun_of": previous.get("rerun_of") or previous["date"]}
    for module, old in previous["modules"].items():
        new = rerun["modules"].get(module)
        if new is None:
            out["modules"][module] = old
            continue
        again = set(old["not_killed"])
        counts = Counter({"killed": old["killed"]})
        not_killed = []
        statuses = {}
        for name in again:
            status = new["statuses"].get(name, "not checked")
            if status in ("killed", "timeout", "caught by type check"):
                counts["killed"] += 1
            else:
                counts[status] += 1
                not_killed.append(name)
                statuses[name] = status
        killed = counts["killed"]
        out["modules"][module] = {
            "total": old["total"], "killed": killed, "counts": dict(counts),
            "score": round(100 * killed / old["total"], 1) if old["total"] else None,
            "not_killed": sorted(not_killed), "scope": old["scope"], "rerun": len(again), "statuses": statuses,
        }
    return out


def report(results: dict) -> str:
    lines = ["| module | mutants | killed | survived | no tests | score | date |", "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for group in GROUPS:
        r = results.get(group)
        if not r:
            continue
        for module, m in r["modules"].items():
            name = module.removeprefix("src/briefing/") + (f" ({', '.join(m['scope'])})" if m["scope"] else "")
            lines.append(f"| `{name}` | {m['total']} | {m['killed']} | {m['counts'].get('survived', 0)} | "
                         f"{m['counts'].get('no tests', 0)} | {m['score']} % | {r['date']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("groups", nargs="*", help=f"groups to run (default: all): {', '.join(GROUPS)}")
    parser.add_argument("--report", action="store_true", help="print the table of the last results")
    parser.add_argument("--survivors", action="store_true",
                        help="re-run only the mutants the last run of each group named did not kill, on the current "
                             "tests, and merge the result into that run's counts")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--isolation", choices=["fork", "forkserver"], default="fork")
    parser.add_argument("--only", nargs="+", metavar="MUTANT", help="re-run only these mutants (names or globs, "
                        "as `mutmut results` prints them); the others count as not checked")
    args = parser.parse_args()
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}: choose from {', '.join(GROUPS)}")
    if args.only and len(args.groups) != 1:
        parser.error("--only needs exactly one group")
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    if args.survivors and not args.groups:
        parser.error("--survivors needs the group(s) to re-run")
    if not args.report:
        for group in args.groups or list(GROUPS):
            print(f"mutation: {group} …", flush=True)
            if args.survivors:
                previous = results.get(group)
                if not previous:
                    parser.error(f"--survivors: no previous run of {group} in {RESULTS}")
                names = sorted({n for m in previous["modules"].values() for n in m["not_killed"]})
                if not names:
                    print(f"  {group}: no survivors to re-run", flush=True)
                    continue
                results[group] = merge_rerun(previous, run(group, args.max_children, args.isolation, names))
            else:
                results[group] = run(group, args.max_children, args.isolation, args.only)
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")
            for module, m in results[group]["modules"].items():
                print(f"  {module}: {m['killed']}/{m['total']} killed ({m['score']} %), "
                      f"{len(m['not_killed'])} not killed, {results[group]['seconds']} s", flush=True)
    print(report(results))


if __name__ == "__main__":
    main()
