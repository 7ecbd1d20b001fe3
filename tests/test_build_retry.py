"""The tests' book builds retry once when, and only when, a Jupyter kernel lost a port race with another
process (tests/helpers.build_with_kernel_retry)."""

from __future__ import annotations

import subprocess

from helpers import KERNEL_PORT_RACE, build_with_kernel_retry


def _builds(*results: tuple[int, str]):
    calls: list[int] = []

    def build() -> subprocess.CompletedProcess:
        code, err = results[len(calls)]
        calls.append(code)
        return subprocess.CompletedProcess([], code, "", err)
    return build, calls


def test_a_kernel_port_race_is_built_once_more():
    build, calls = _builds((1, "\n".join(KERNEL_PORT_RACE)), (0, ""))
    assert build_with_kernel_retry(build).returncode == 0 and calls == [1, 0]


def test_any_other_failure_is_reported_at_once():
    build, calls = _builds((1, "html build failed: a cell raised"), (0, ""))
    assert build_with_kernel_retry(build).returncode == 1 and calls == [1]
    build, calls = _builds((1, KERNEL_PORT_RACE[1]), (0, ""))  # a kernel that died for another reason
    assert build_with_kernel_retry(build).returncode == 1 and calls == [1]
