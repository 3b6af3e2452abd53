#!/usr/bin/env python3
"""Before and after in one run: the analysis and bridge benchmarks of an earlier revision and of this tree,
alternated round by round on the same machine, and the ratio after / before of each figure.

The earlier revision is checked out into a temporary git worktree (removed at the end); both trees run with this
environment's Python. The machine is shared and noisy, so read the ratios, and run more rounds when they wobble.
Usage: .venv/bin/python benchmarks/compare.py --base REV [--rounds 2] [--calls 50 100] [--seconds 10]
"""

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANALYSIS_ROW = re.compile(r'^whole analysis\s+([\d.]+)\s')  # its median, not the verdict line
BRIDGE_ROW = re.compile(r'^\s*(\d+)' + r'\s+(-?[\d.]+)' * 9 + r'\s*$')
BRIDGE_COLUMNS = ('added p50 ms', 'added p99 ms', 'lost frames', 'app CPU %', 'app RSS MiB')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--base', required=True, help='the revision to compare with (e.g. a commit or a branch)')
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--calls', type=int, nargs='+', default=[50, 100])
    parser.add_argument('--seconds', type=float, default=10.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix='bench-base-') as folder:
        base = Path(folder) / 'tree'
        git('worktree', 'add', '--detach', str(base), args.base)
        try:
            figures: dict[str, dict[str, list[float]]] = {'before': defaultdict(list), 'after': defaultdict(list)}
            for round_ in range(1, args.rounds + 1):
                sides = [('before', base), ('after', ROOT)]
                for side, tree in sides if round_ % 2 else sides[::-1]:  # who goes first alternates
                    print(f'round {round_}: {side} ({tree})', flush=True)
                    measure(tree, args, figures[side])
        finally:
            git('worktree', 'remove', '--force', str(base))
    report(figures, base_name=args.base)


def measure(tree: Path, args: argparse.Namespace, into: dict[str, list[float]]) -> None:
    analysis = run(tree, 'analysis.py', '--runs', '50')
    for line in analysis.splitlines():
        if match := ANALYSIS_ROW.match(line):
            into['analysis: whole, median ms'].append(float(match.group(1)))
    for engine, calls in (('hume_evi', args.calls), ('openai_realtime', args.calls[-1:])):
        output = run(tree, 'bridge.py', '--engine', engine, '--seconds', str(args.seconds), '--calls', *map(str, calls))
        for line in output.splitlines():
            if match := BRIDGE_ROW.match(line):
                values = [float(v) for v in match.groups()[1:]]
                for column, value in zip(BRIDGE_COLUMNS, values[4:], strict=True):
                    into[f'bridge {engine} {match.group(1)} calls: {column}'].append(value)


def run(tree: Path, script: str, *arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, f'benchmarks/{script}', *arguments], cwd=tree, capture_output=True, text=True, check=True
    )
    return result.stdout


def report(figures: dict[str, dict[str, list[float]]], *, base_name: str) -> None:
    print(f'\nmedians over the rounds (and each round); before = {base_name}, after = this tree')
    print(f'{"figure":<48} {"before":>9} {"after":>9} {"after/before":>12}   rounds before | after')
    for name, befores in figures['before'].items():
        afters = figures['after'].get(name) or [float('nan')]
        before, after = statistics.median(befores), statistics.median(afters)
        ratio = f'{after / before:.2f}' if before else '-'
        rounds = f'{" ".join(f"{v:g}" for v in befores)} | {" ".join(f"{v:g}" for v in afters)}'
        print(f'{name:<48} {before:>9.2f} {after:>9.2f} {ratio:>12}   {rounds}')


def git(*arguments: str) -> None:
    subprocess.run(['git', *arguments], cwd=ROOT, check=True, capture_output=True)


if __name__ == '__main__':
    main()
