"""Who an author works for, as far as an email address can tell, and who is a bot.

Email domains are a poor proxy for employers, so the team's own ``affiliations``
(full address or domain → organisation name) always win. Otherwise an address counts
for its registrable domain (``mail.example.co.uk`` → ``example.co.uk``), except that
personal mail providers and GitHub's no-reply addresses say nothing about an
employer: each such author is an organisation of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Organisation",
    "is_bot",
    "organisation_of",
    "registrable_domain",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Second-level public suffixes under which organisations register (a small, common
# subset of the Public Suffix List; enough for the addresses seen in open source).
TWO_LEVEL_SUFFIXES = frozenset(
    f"{second}.{tld}"
    for tld, seconds in {
        "uk": "co ac gov org me ltd plc net nhs sch",
        "au": "com net org edu gov asn id",
        "nz": "co ac org net govt geek school",
        "jp": "co ac ne or go ed gr lg",
        "br": "com net org edu gov",
        "cn": "com net org edu gov ac",
        "in": "co ac net org edu gov res",
        "za": "co ac org net gov edu",
        "kr": "co ac or ne go re",
        "tw": "com edu org net gov idv",
        "hk": "com edu org net gov idv",
        "sg": "com edu org net gov",
        "il": "co ac org net gov muni",
        "mx": "com edu org net gob",
        "ar": "com edu org net gob",
        "tr": "com edu org net gov",
        "my": "com edu org net gov",
        "id": "co ac or net go",
        "th": "co ac or net go in",
        "ua": "com edu org net gov",
        "pl": "com edu org net gov",
        "es": "com edu org nom gob",
        "ru": "com edu org net",
        "ve": "com edu org net gob",
        "co": "com edu org net gov",
        "pe": "com edu org net gob",
        "ng": "com edu org net gov",
        "eg": "com edu org net gov",
        "pk": "com edu org net gov",
        "ph": "com edu org net gov",
        "vn": "com edu org net gov",
    }.items()
    for second in seconds.split()
)

PERSONAL_DOMAINS = _words(
    """
    gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com
    rocketmail.com icloud.com me.com mac.com aol.com proton.me protonmail.com protonmail.ch
    pm.me tutanota.com tutanota.de tuta.io fastmail.com fastmail.fm hey.com zoho.com
    mail.com email.com gmx.com gmx.net web.de t-online.de posteo.de posteo.net mailbox.org
    freenet.de arcor.de free.fr orange.fr laposte.net sfr.fr wanadoo.fr libero.it
    virgilio.it tiscali.it mail.ru list.ru bk.ru inbox.ru yandex.ru yandex.com ya.ru
    rambler.ru ukr.net seznam.cz wp.pl o2.pl interia.pl onet.pl qq.com 163.com 126.com
    yeah.net foxmail.com sina.com sina.cn sohu.com aliyun.com naver.com hanmail.net
    daum.net nate.com riseup.net disroot.org cock.li keybase.io hushmail.com
    """
)
# Providers with many country domains (gmx.de, yahoo.co.uk, hotmail.fr, …).
PERSONAL_BRANDS = frozenset({"gmx", "yahoo", "hotmail", "outlook", "live", "yandex", "gmail"})

GITHUB_NOREPLY = "users.noreply.github.com"

BOT_ADDRESSES = _words(
    """
    noreply@github.com action@github.com actions@github.com github-actions@github.com
    support@dependabot.com bot@renovateapp.com renovate@whitesourcesoftware.com
    bot@allcontributors.org noreply@weblate.org snyk-bot@snyk.io
    greenkeeper@users.noreply.github.com imgbot@users.noreply.github.com
    mergify@users.noreply.github.com codecov@users.noreply.github.com
    """
)
BOT_LOCAL_PARTS = _words(
    """
    dependabot dependabot-preview renovate renovate-bot github-actions pre-commit-ci
    greenkeeper snyk-bot imgbot mergify codecov allcontributors all-contributors
    semantic-release-bot deepsource-autofix pyup-bot requires-io-bot whitesource-bolt
    """
)
_NOREPLY_ID = re.compile(r"^\d+\+")


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation: ``key`` tells organisations apart, ``name`` is what to show."""

    key: str
    name: str


def is_bot(name: str, email: str) -> bool:
    """Whether an author is an automated account (dependabot, CI, …)."""
    name_lower = name.strip().lower()
    email_lower = email.strip().lower()
    if name_lower.endswith("[bot]") or email_lower in BOT_ADDRESSES:
        return True
    local, _, domain = email_lower.rpartition("@")
    if local.endswith("[bot]"):
        return True
    local = _NOREPLY_ID.sub("", local)
    return local in BOT_LOCAL_PARTS or name_lower in BOT_LOCAL_PARTS


def registrable_domain(domain: str) -> str:
    """The domain an organisation registered: the last two labels, or three under a
    two-level public suffix such as ``co.uk``."""
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and ".".join(labels[-2:]) in TWO_LEVEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def organisation_of(email: str, person: str, affiliations: dict[str, str] | None = None) -> Organisation:
    """The organisation an address stands for (see the module docstring).

    ``person`` names the author's own organisation when the address is personal;
    ``affiliations`` keys must already be lower case.
    """
    address = email.strip().lower()
    _, at, domain = address.rpartition("@")
    if affiliations:
        named = affiliations.get(address)
        labels = domain.split(".") if at else []
        for start in range(len(labels)):
            if named is not None:
                break
            named = affiliations.get(".".join(labels[start:]))
        if named is not None:
            return Organisation(f"org:{named.lower()}", named)
    individual = Organisation(f"person:{address or person.lower()}", person or address)
    if not at or domain == GITHUB_NOREPLY or domain.endswith("." + GITHUB_NOREPLY):
        return individual
    registrable = registrable_domain(domain)
    if (
        "." not in registrable
        or registrable in PERSONAL_DOMAINS
        or registrable.split(".")[0] in PERSONAL_BRANDS
        or registrable.endswith((".local", ".localdomain", ".invalid", ".internal"))
        or registrable in {"localhost.localdomain", "example.com", "example.org"}
    ):
        return individual
    return Organisation(f"domain:{registrable}", registrable)
