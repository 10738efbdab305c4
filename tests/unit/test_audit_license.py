"""The license matcher: right ids, and no confident wrong answer."""

from __future__ import annotations

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
        ("MPL-1.1", None),
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
