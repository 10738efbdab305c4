"""The license matcher: right ids, and no confident wrong answer."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pytest

from cfos_tui.audit.license import identify_license, identify_text

MIT = """MIT License

Copyright (c) 2024 Example Maintainers

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED.
"""

BSD_HEAD = """Copyright (c) 2024, Example
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above
   copyright notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.
"""
BSD_ENDORSE = """
3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.
"""
BSD_ADVERTISING = """
4. All advertising materials mentioning features or use of this software
   must display the following acknowledgement.
"""
BSD_TAIL = """
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES ARE DISCLAIMED.
"""

ISC = """ISC License

Copyright (c) 2024, Example

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted, provided that the above
copyright notice and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES.
"""

APACHE = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION

   3. Grant of Patent License. Subject to the terms and conditions of
      this License, each Contributor hereby grants to You a patent license.
"""


def gnu(title: str, version: str) -> str:
    return f"""                    {title}
                       Version {version}

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

                       TERMS AND CONDITIONS
"""


MPL = """Mozilla Public License Version 2.0
==================================

1. Definitions
--------------
1.5. "Incompatible With Secondary Licenses"
    means that the initial Contributor has attached the notice described
    in Exhibit B to the Covered Software; or that the Covered Software was
    made available under the terms of version 1.1 or earlier of the License,
    but not also under the terms of a Secondary License.

1.12. "Secondary License"
    means either the GNU General Public License, Version 2.0, the GNU Lesser
    General Public License, Version 2.1, the GNU Affero General Public
    License, Version 3.0, or any later versions of those licenses.

Exhibit A - Source Code Form License Notice
-------------------------------------------

  This Source Code Form is subject to the terms of the Mozilla Public
  License, v. 2.0.
"""

UNLICENSE = """This is free and unencumbered software released into the public domain.

Anyone is free to copy, modify, publish, use, compile, sell, or
distribute this software, either in source code form or as a compiled
binary, for any purpose, commercial or non-commercial, and by any means.

For more information, please refer to <https://unlicense.org>
"""

EPL = """Eclipse Public License - v 2.0

    THE ACCOMPANYING PROGRAM IS PROVIDED UNDER THE TERMS OF THIS ECLIPSE
    PUBLIC LICENSE ("AGREEMENT"). ANY USE, REPRODUCTION OR DISTRIBUTION
    OF THE PROGRAM CONSTITUTES RECIPIENT'S ACCEPTANCE OF THIS AGREEMENT.
    "Secondary License" means either the GNU General Public License,
    Version 2.0, or any later versions of that license.
"""

CC0 = """Creative Commons Legal Code

CC0 1.0 Universal

Statement of Purpose

The laws of most jurisdictions throughout the world automatically confer
exclusive Copyright and Related Rights. 2. Waiver. 3. Public License Fallback.
"""

BOOST = """Boost Software License - Version 1.0 - August 17th, 2003

Permission is hereby granted, free of charge, to any person or organization
obtaining a copy of the software and accompanying documentation covered by
this license (the "Software") to use, reproduce, display, distribute.
"""

GPL3_NOTICE = """Example tool
Copyright (C) 2024 Example

This program is free software: you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation, either version 3 of the License, or
(at your option) any later version.
"""


MIT_0 = """MIT No Attribution

Copyright 2024 Example Maintainers

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and its documentation, to deal in it without restriction,
including without limitation the rights to use, copy, change and sell copies,
and to permit persons to whom the Software is furnished to do so.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
"""

ZERO_BSD = """BSD Zero Clause License

Copyright (C) 2024 Example

Permission to use, copy, modify, and/or distribute this software for any
purpose with or without fee is hereby granted.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
WITH REGARD TO IT.
"""

BLUE_OAK = """# Blue Oak Model License

Version 1.0.0

## Purpose

This license lets everyone work with the software as freely as it can.

## Acceptance

In order to receive this license, you must agree to its rules.

## Copyright

Each contributor licenses you to do everything with this software that would
otherwise infringe that contributor's copyright in it.

## Reliability

No contributor can revoke this license.
"""

PSF = """PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2
--------------------------------------------

1. This LICENSE AGREEMENT is between the Python Software Foundation ("PSF"), and
the Individual or Organization ("Licensee") who uses this example software.

2. Subject to this agreement, PSF hereby grants Licensee a nonexclusive,
royalty-free, world-wide license to use, copy and change the software.

4. PSF is making Python available to Licensee on an "AS IS" basis.
"""

# The older agreements CPython's LICENSE file lists after the PSF license.
PYTHON_HISTORY = {
    "beopen": """
BEOPEN.COM LICENSE AGREEMENT FOR PYTHON 2.0
BEOPEN PYTHON OPEN SOURCE LICENSE AGREEMENT VERSION 1

1. This agreement is between BeOpen.com and the Licensee named here.
""",
    "cnri": """
CNRI LICENSE AGREEMENT FOR PYTHON 1.6.1

1. This agreement is between CNRI and the Licensee named here.
""",
    "cwi": """
CWI LICENSE AGREEMENT FOR PYTHON 0.9.0 THROUGH 1.2

Stichting Mathematisch Centrum lets anyone use this old release.
""",
}

ARTISTIC_2 = """The Artistic License 2.0

Copyright (c) 2000-2006, The Perl Foundation.

Preamble

This license establishes the terms under which a given free software Package
may be copied and shared, while its Copyright Holder keeps a say in where it
goes.

"Distributor Fee" means any fee that you charge for Distributing this Package
or for supporting it.

Permission for Use and Modification Without Distribution

(1) You may use and change the Standard Version for any purpose.
"""

ARTISTIC_1 = """The "Artistic License"

Preamble

This document sets out how a Package may be copied, so that the Copyright
Holder maintains some semblance of artistic control over the development of
the package, while its users may still share it.
"""

MPL_11 = """                          MOZILLA PUBLIC LICENSE
                                Version 1.1

1. Definitions.

     1.0.1. "Commercial Use" means distribution or otherwise making the
     Covered Code available to a third party.

6. Versions of the License.

     6.1. New Versions. Netscape Communications Corporation may publish new
     versions of this License from time to time.

EXHIBIT A - Mozilla Public License.

     "The contents of this file are subject to the Mozilla Public License
     Version 1.1; you may not use this file except in compliance with it.

     Alternatively, the contents of this file may be used under the terms
     of the _____ license, in which case its provisions apply instead."
"""

MPL_TRI_LICENSE = """Version: MPL 1.1/GPL 2.0/LGPL 2.1

The contents of this file are subject to the Mozilla Public License Version
1.1 (the "License"); you may not use this file except in compliance with it.

Alternatively, the contents of this file may be used under the terms of
either the GNU General Public License Version 2 or later (the "GPL"), or the
GNU Lesser General Public License Version 2.1 or later (the "LGPL").
"""

ZLIB = """zlib License

Copyright (C) 2024 Example

This software is provided 'as-is', without any express or implied warranty.
In no event will the authors be held liable for any damages arising from it.

Permission is granted to anyone to use this software for any purpose,
including commercial applications, and to alter it and redistribute it
freely, subject to the following restrictions:

1. The origin of this software must not be misrepresented. If you use it in a
   product, a note in the product documentation would be appreciated but is
   not required.
2. Altered source versions must be plainly marked as such.
3. This notice may not be removed or altered from any source distribution.
"""

# Shares the zlib clauses 1 and 2 but grants and keeps the notice in other words.
PNG_LIKE = """PNG Reference Library License (example wording)

Permission is hereby granted to use, copy, modify, and distribute this
software, or portions of it, for any purpose, without fee, subject to the
following restrictions:

1. The origin of this software must not be misrepresented. If you use it in a
   product, a note in the product documentation would be appreciated but is
   not required.
2. Altered source versions must be plainly marked as such.
3. This Copyright notice may not be removed or altered from any source or
   altered source distribution.
"""


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (MIT, "MIT"),
        (BSD_HEAD + BSD_TAIL, "BSD-2-Clause"),
        (BSD_HEAD + BSD_ENDORSE + BSD_TAIL, "BSD-3-Clause"),
        (BSD_HEAD + BSD_ENDORSE + BSD_ADVERTISING + BSD_TAIL, "BSD-4-Clause"),
        (ISC, "ISC"),
        (APACHE, "Apache-2.0"),
        (gnu("GNU GENERAL PUBLIC LICENSE", "2, June 1991"), "GPL-2.0"),
        (gnu("GNU GENERAL PUBLIC LICENSE", "3, 29 June 2007"), "GPL-3.0"),
        (gnu("GNU LESSER GENERAL PUBLIC LICENSE", "2.1, February 1999"), "LGPL-2.1"),
        (gnu("GNU LESSER GENERAL PUBLIC LICENSE", "3, 29 June 2007"), "LGPL-3.0"),
        (gnu("GNU AFFERO GENERAL PUBLIC LICENSE", "3, 19 November 2007"), "AGPL-3.0"),
        (MPL, "MPL-2.0"),
        (UNLICENSE, "Unlicense"),
        (EPL, "EPL-2.0"),
        (CC0, "CC0-1.0"),
        (BOOST, "BSL-1.0"),
        (GPL3_NOTICE, "GPL-3.0"),
        (MIT_0, "MIT-0"),
        (ZERO_BSD, "0BSD"),
        (BLUE_OAK, "BlueOak-1.0.0"),
        (PSF, "PSF-2.0"),
        (ARTISTIC_2, "Artistic-2.0"),
        (MPL_11, "MPL-1.1"),
        (ZLIB, "Zlib"),
    ],
)
def test_identifies_each_license(text: str, spdx: str) -> None:
    """Each supported license is recognised with at least half confidence."""
    match = identify_text(text)
    assert match.spdx == spdx
    assert 0.5 <= match.confidence <= 1.0


def test_gpl_text_that_names_the_lgpl_is_still_gpl() -> None:
    """The first dated title decides, not a later mention of another GNU license."""
    text = gnu("GNU GENERAL PUBLIC LICENSE", "3, 29 June 2007") + (
        "\nuse the GNU Lesser General Public License instead of this License.\n"
        "GNU Affero General Public License version 3\n"
    )
    assert identify_text(text).spdx == "GPL-3.0"


@pytest.mark.parametrize(
    "text",
    [
        "GNU GENERAL PUBLIC LICENSE\n\nSome terms without a version.\n",
        "Apache License\n",
        "Permission is hereby granted, free of charge, to any person obtaining a copy.\n",
        "Redistribution and use in source and binary forms are permitted.\n",
        "Proprietary. All rights reserved by Example Corp.\n",
        MIT + "\n---- bundled ----\n" + APACHE,
        BSD_HEAD + "\n" + GPL3_NOTICE,
        "This program is licensed under the GNU General Public License as published by the "
        "Free Software Foundation, version 2, and the GNU Lesser General Public License as "
        "published by the Free Software Foundation version 3.\n",
    ],
)
def test_unsure_means_no_answer(text: str) -> None:
    """Incomplete, unknown or bundled texts give no id, and the first line to show."""
    match = identify_text(text)
    assert match.spdx is None
    assert match.first_line == text.strip().splitlines()[0].strip()[:120]


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        (ISC, "ISC"),
        (ISC.replace("modify, and/or distribute", "modify, and distribute"), "ISC"),
        (ISC.replace("ISC License", "BSD Zero Clause License"), "ISC"),
        (ZERO_BSD, "0BSD"),
        (MIT, "MIT"),
        (MIT.replace("MIT License", "MIT No Attribution"), "MIT"),
        (MIT_0, "MIT-0"),
        (MPL, "MPL-2.0"),
        (MPL_11, "MPL-1.1"),
        (ARTISTIC_2, "Artistic-2.0"),
        (ZLIB, "Zlib"),
    ],
)
def test_near_misses_keep_their_own_id(text: str, spdx: str) -> None:
    """Licenses that differ by one condition, a version or a title are not confused:
    a title alone does not make MIT-0 or 0BSD, and MPL 2.0's mention of "version 1.1
    or earlier" does not make MPL-1.1."""
    assert identify_text(text).spdx == spdx


@pytest.mark.parametrize(
    "text",
    [
        # An ISC grant cut before its condition is not 0BSD: 0BSD's grant runs into the
        # disclaimer.
        "Permission to use, copy, modify, and/or distribute this software for any purpose "
        "with or without fee is hereby granted, on the terms set out in TERMS.md.\n",
        # Likewise an MIT grant cut short is not MIT-0.
        "Permission is hereby granted, free of charge, to any person obtaining a copy of "
        "this software, on the terms set out in TERMS.md.\n",
        ARTISTIC_1,
        "This package is distributed under the Artistic License 2.0.\n",
        MPL_TRI_LICENSE,
        ZLIB.replace("would be appreciated but is\n   not required", "is required"),
        PNG_LIKE,
        "This project is licensed under the Blue Oak Model License 1.0.0.\n",
        BLUE_OAK.replace("Version 1.0.0", "Version 2.0.0"),
    ],
)
def test_look_alikes_and_bare_notices_give_no_answer(text: str) -> None:
    """Artistic 1.0, zlib with a required acknowledgement, a PNG-style grant, the MPL
    tri-license and notices naming a license without its text stay unrecognised."""
    assert identify_text(text).spdx is None


@pytest.mark.parametrize(
    "text",
    [
        ISC + "\n---- bundled ----\n" + ZERO_BSD,
        ZERO_BSD + "\n---- bundled ----\n" + ISC,
        MIT + "\n---- bundled ----\n" + MIT_0,
        MIT_0 + "\n---- bundled ----\n" + MIT,
        MPL + "\n---- bundled ----\n" + MPL_11,
        ARTISTIC_2 + "\n---- bundled ----\n" + ARTISTIC_1,
        ZLIB + "\n---- bundled ----\n" + MIT,
        BLUE_OAK + "\n---- bundled ----\n" + MIT,
        UNLICENSE + "\n---- bundled ----\n" + MIT,
        PSF + "\n---- bundled ----\n" + MIT,
    ],
)
def test_bundles_of_new_licenses_give_no_answer(text: str) -> None:
    """Two licenses in one file, including both of a near-miss pair, give no id."""
    assert identify_text(text).spdx is None


@pytest.mark.parametrize("part", sorted(PYTHON_HISTORY))
def test_psf_license_with_older_python_agreements_is_not_psf(part: str) -> None:
    """CPython's LICENSE (the PSF license then BeOpen, CNRI and CWI) is a history of
    licenses: no answer, whichever older agreement comes with the PSF one."""
    assert identify_text(PSF + PYTHON_HISTORY[part]).spdx is None


def test_cpython_license_with_its_zero_clause_part_is_not_0bsd() -> None:
    """The whole history plus the 0BSD terms for documentation code is not 0BSD."""
    text = PSF + "".join(PYTHON_HISTORY.values()) + "\n" + ZERO_BSD
    assert identify_text(text).spdx is None


def test_wrapped_copyright_clause_is_not_taken_for_a_copyright_line() -> None:
    """A clause wrapped so a line starts with 'copyright notice' still matches."""
    assert identify_text(BSD_HEAD + BSD_TAIL).spdx == "BSD-2-Clause"
    assert "copyright notice, this list" in BSD_HEAD


def test_long_file_lowers_confidence() -> None:
    """The same license inside much more text is less certain."""
    padded = MIT + ("Extra terms apply to this distribution and its parts. " * 200)
    assert identify_text(padded).confidence < identify_text(MIT).confidence


def test_empty_binary_and_unreadable_files(tmp_path: Path) -> None:
    """Empty, whitespace-only, binary and missing files say what they are."""
    empty = tmp_path / "LICENSE"
    empty.write_bytes(b"")
    assert identify_license(empty) == identify_license(empty)
    assert identify_license(empty).spdx is None
    assert identify_license(empty).first_line == "(empty file)"
    empty.write_text("  \n\n\t\n")
    assert identify_license(empty).first_line == "(empty file)"
    binary = tmp_path / "LICENSE.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert identify_license(binary).spdx is None
    assert identify_license(binary).first_line == "(binary file)"
    assert identify_license(tmp_path / "nope").first_line.startswith("(unreadable file")


def test_non_utf8_license_is_read_as_latin1(tmp_path: Path) -> None:
    """A Latin-1 file (an accented copyright holder) is still recognised."""
    path = tmp_path / "LICENSE"
    path.write_bytes(MIT.replace("Example Maintainers", "Jos\u00e9").encode("latin-1"))
    assert identify_license(path).spdx == "MIT"


def test_first_line_is_printable_and_short() -> None:
    """Control characters in the first line are neutralised and long lines cut."""
    match = identify_text("\x1b[31mHello\x07 " + "x" * 300 + "\n")
    assert match.spdx is None
    assert "\x1b" not in match.first_line and "\x07" not in match.first_line
    assert len(match.first_line) == 120


COMMON_LICENSES = Path("/usr/share/common-licenses")


@pytest.mark.skipif(not COMMON_LICENSES.is_dir(), reason="no system license texts here")
@pytest.mark.parametrize(
    ("name", "spdx"),
    [
        ("Apache-2.0", "Apache-2.0"),
        ("GPL-2", "GPL-2.0"),
        ("GPL-3", "GPL-3.0"),
        ("LGPL-2.1", "LGPL-2.1"),
        ("LGPL-3", "LGPL-3.0"),
        ("MPL-2.0", "MPL-2.0"),
        ("CC0-1.0", "CC0-1.0"),
        ("GPL-1", None),
        ("MPL-1.1", "MPL-1.1"),
        ("GFDL-1.3", None),
        ("Artistic", None),
    ],
)
def test_real_license_texts(name: str, spdx: str | None) -> None:
    """The full texts a Debian system ships are recognised, or honestly not."""
    path = COMMON_LICENSES / name
    if not path.exists():
        pytest.skip(f"{name} not shipped here")
    assert identify_license(path).spdx == spdx


CPYTHON_LICENSE = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"


@pytest.mark.skipif(not CPYTHON_LICENSE.is_file(), reason="no CPython LICENSE here")
def test_cpython_license_file_is_not_taken_for_psf() -> None:
    """The LICENSE of the running Python holds several licenses: no answer."""
    assert identify_license(CPYTHON_LICENSE).spdx is None
