"""Recurring words of what citizens ask: a simple, explainable count (pure Python).

Method: each description is lower-cased, accents are kept, everything that is not a
letter splits words; words shorter than 4 letters, numbers and Spanish stop words
(articles, prepositions, pronouns, common verbs and courtesy words below) are dropped;
each remaining word counts **once per case** (how many cases mention it), so one long
message cannot outweigh many short ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MIN_LENGTH = 4
_WORD = re.compile(r"[^\W\d_]+")

_STOP_WORDS_TEXT = """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bien cada casi
como con contra cual cuales cuando cuanto de del desde donde dos durante el ella ellas ello
ellos en entre era eran es esa esas ese eso esos esta estaba estado estan estar este esto
estos estoy fue fueron ha habia han hasta hay la las le les lo los mas me mi mis mucho muy
nada ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien
quienes se sea ser si sido sin sobre solo son su sus tambien tan tanto te tengo tiene tienen
todo todos tu tus un una uno unos usted ustedes va vez y ya yo
aquí así aún cuál cuáles cuándo cuánto dónde él está están esté más mí qué quién sí sólo
también tú
hola buenos buenas dias días tardes noches gracias favor por_favor señor señora señorita
quisiera quiero queria quería puedo puede pueden hacer saber decir consulta consultar pregunta
preguntar mensaje programa juntos estimado estimados atentamente saludos cordialmente
"""
SPANISH_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


def words(text: str) -> set[str]:
    """The distinct meaningful words of one description."""
    return {w for w in _WORD.findall((text or "").lower())
            if len(w) >= MIN_LENGTH and w not in SPANISH_STOP_WORDS}


def recurring_words(descriptions: Iterable[str], limit: int = 30) -> list[tuple[str, int]]:
    """The `limit` words mentioned by most cases, with how many cases mention each."""
    counts: Counter[str] = Counter()
    for text in descriptions:
        counts.update(words(text))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
