"""The PDF build's LaTeX run is hardened: no shell escape, no \\input of absolute paths, no Lua writes
outside the build directory. Each test compiles a tiny document with the build's own settings
(briefing.pdfbuild.hardened_env and static/latex/briefing-sandbox.lua) and checks the attack failed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.pdfbuild import hardened_env, overfull_boxes

LATEX_DIR = Path(__file__).resolve().parents[1] / "src" / "briefing" / "static" / "latex"
pytestmark = pytest.mark.skipif(shutil.which("lualatex") is None, reason="lualatex is not installed")


def compile_tex(tmp_path: Path, body: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    shutil.copy(LATEX_DIR / "briefing-sandbox.lua", tmp_path)
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage{fontspec}\n"
        "\\directlua{dofile(kpse.find_file(\"briefing-sandbox.lua\"))}\n"
        "\\begin{document}\n" + body + "\nok\n\\end{document}\n", encoding="utf-8")
    return subprocess.run(["lualatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=tmp_path,
                          env=env or hardened_env(), capture_output=True, text=True, timeout=120)


def test_a_plain_document_builds_with_the_hardened_settings(tmp_path):
    run = compile_tex(tmp_path, "Hello")
    assert run.returncode == 0, run.stdout[-2000:]
    assert (tmp_path / "doc.pdf").exists()


def test_lua_cannot_write_outside_the_build_directory(tmp_path):
    target = tmp_path.parent / f"{tmp_path.name}-pwned.txt"
    run = compile_tex(tmp_path, "\\directlua{local f = io.open(\"" + str(target) + "\", \"w\")"
                                " if f then f:write(\"x\") f:close() end}")
    assert not target.exists()
    assert run.returncode != 0 and "refused" in run.stdout


def test_lua_may_write_only_luaotfloads_cache_in_the_tex_trees(tmp_path):
    """On a fresh machine luaotfload writes the Arabic fonts' HarfBuzz cache during the first build, into
    TEXMFSYSVAR/luatex-cache when that is writable (as root): allowed. Elsewhere in the tree: refused."""
    tree = Path(tmp_path / "texmf-var")
    cache = tree / "luatex-cache" / "generic" / "fonts" / "hb"
    cache.mkdir(parents=True)
    (tmp_path / "build").mkdir()
    env = {**hardened_env(), "TEXMFCACHE": str(tree), "TEXMFVAR": str(tree)}
    ok, bad = cache / "font.lua", tree / "web2c-pwned.txt"

    def write(target: Path) -> subprocess.CompletedProcess[str]:
        return compile_tex(tmp_path / "build", "\\directlua{local f = io.open(\"" + str(target) + "\", \"w\")"
                                               " if f then f:write(\"x\") f:close() end}", env)

    assert write(ok).returncode == 0 and ok.exists()
    run = write(bad)
    assert not bad.exists() and run.returncode != 0 and "refused" in run.stdout


def test_input_of_an_absolute_path_is_refused(tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.tex"
    secret.write_text("SECRETCONTENT", encoding="utf-8")
    run = compile_tex(tmp_path, "\\input{" + str(secret) + "}")
    assert run.returncode != 0
    assert "SECRETCONTENT" not in run.stdout and not (tmp_path / "doc.pdf").exists()


def test_shell_escape_is_off(tmp_path):
    marker = tmp_path / "shell-ran"
    run = compile_tex(tmp_path, "\\immediate\\write18{touch " + str(marker) + "}")
    assert not marker.exists(), run.stdout[-1000:]


def test_overfull_boxes_are_read_from_a_log():
    log = ("Overfull \\hbox (0.5pt too wide) in paragraph at lines 1--2\n"
           "Overfull \\hbox (12.25pt too wide) in alignment at lines 30--31\n"
           "Overfull \\vbox (3.0pt too high) has occurred while \\output is active\n")
    assert overfull_boxes(log) == [(12.25, "in alignment at lines 30--31"),
                                   (3.0, "has occurred while \\output is active")]
