#!/usr/bin/python3
"""Golden data for src/cli/sources.ts: what detect.py's LoadImages gets
from Python's glob.glob(pattern, recursive=True) (then sorted) on a small
tree of empty files, with wildcards in any component and '**'. Writes
test/fixtures/cli/globs.json: the tree (paths relative to its root) and, per
pattern, the sorted matches of the pattern joined to the root (`matches`,
made relative) and of the pattern itself read from the root (`relative`:
glob's root_dir, as a relative --source is read from the working folder). Python's own rules: '*'
and '?' do not match a leading '.', '**' matches zero or more folders and
never enters hidden ones.

    /usr/bin/python3 scripts/detect/make_globs.py
"""
import glob
import json
import os
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'cli' / 'globs.json'

TREE = [
    'a.jpg', 'b.png', 'c.txt', '.hidden.jpg', 'A.JPG', 'x-y.jpeg',
    'run1/img1.jpg', 'run1/img2.png', 'run1/notes.md', 'run1/deep/d1.jpg', 'run1/deep/deeper/d2.PNG',
    'run2/img1.jpg', 'run2/sub/s.jpg', 'run-b/z.jpg', 'run10/ten.jpg',
    '.cache/c1.jpg', 'run1/.git/g.jpg', 'plain/p.jpg', 'pl[a]in/q.jpg', 'sp ace/s p.jpg',
]

PATTERNS = [
    '*.jpg', '*', '*.*', '?.jpg', '[ab].*', '[!a]*.jpg', 'run*/*.jpg', 'run?/*', 'run[0-9]*/img1.jpg',
    '**/*.jpg', '**', '**/*', 'run1/**/*.jpg', 'run1/**', '**/deep/*', '**/d?.*', '*/**/*.png',
    '.*', '.*/*.jpg', 'run1/.*/*', 'sp ace/*', 'pl[[]a]in/*', 'nothing/*.jpg', '**/nothing', 'run1/**/deeper/**',
]


def main():
    with tempfile.TemporaryDirectory() as root:
        for rel in TREE:
            path = Path(root, rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b'')
        cases = []
        for pattern in PATTERNS:
            found = sorted(glob.glob(os.path.join(root, pattern), recursive=True))
            relative = sorted(glob.glob(pattern, root_dir=root, recursive=True))
            cases.append({'pattern': pattern, 'matches': [os.path.relpath(f, root) + ('/' if f.endswith('/') else '') for f in found], 'relative': relative})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({'source': 'Python glob.glob(pattern, recursive=True), sorted', 'tree': TREE, 'cases': cases}, indent=1) + '\n')
    print(f'wrote {OUT}')


main()
