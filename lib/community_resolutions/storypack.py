"""The story pack: copy a reporter can file from, written only from the findings files.

:func:`story_pack` reads the findings the notebooks wrote for one area (``<notebook>.findings.json``,
already loaded) and returns a :class:`StoryPack`: two or three headline options, a lede, five to
eight paragraphs in house style, the context a reader needs, the caveats, and a right-of-reply
block with the questions to put to the force and to whoever holds it to account, each question
citing the figure it concerns (file and key). :meth:`StoryPack.markdown` is the text written beside
the page to publish from (``<area>-story.md``) and shown on it in a box that is easy to copy.

Every number in the headlines, lede, paragraphs and questions is a figure of a findings file,
formatted by :mod:`words`; nothing is recomputed (``tests/test_storypack.py`` checks each number
against the files). A figure that is missing leaves its paragraph out rather than guessing.

>>> pack = story_pack(areas.force_area("Durham"), _example())
>>> pack.headlines[0]
'Durham Constabulary used community resolutions for 7.5% of crime outcomes, the highest of 44 forces'
>>> pack.lede
'Durham Constabulary ended 12,988 crimes with a community resolution from 2014/15 to 2017/18,
7.5% of the 172,886 outcomes it assigned, the highest share of any of the 44 forces in England and Wales, against
2.8% overall.'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import areas, oversight, words
from .page import years_phrase

RATE, CHILD, DRUGS, SERIOUS, TIME, POLICEUK = ("1-force-rate", "2-child-sex-offences", "3-drug-offences",
                                                "6-serious-offences", "5-over-time", "8-police-uk")

CONTEXT = [
    "A community resolution (Home Office crime outcome type 8, shown as \u201cLocal resolution\u201d on police.uk) "
    "closes a crime without a charge or a caution. The offender must admit the offence and usually agrees to put "
    "things right, for example with an apology, repairing damage or paying for it. It is not a conviction and "
    "does not appear on a basic criminal record check, although it can be disclosed in some enhanced checks.",
    "It is meant for minor, usually first, offences. The victim's wishes are meant to be taken into account; as "
    "the Northern Echo reported in 2019, officers can go ahead without the victim's agreement only with a "
    "supervisor's permission. The National Police Chiefs' Council said then that its national strategy rules "
    "community resolutions out for the most serious cases and requires an inspector to authorise one for an "
    "indictable offence.",
]
CAVEATS = [
    "The figures count outcomes, not people, and the Home Office data do not record the offender's age, "
    "previous offending or what the victim wanted.",
    "A community resolution recorded against a serious offence code is not proof that the case was serious: "
    "forces told the 2019 investigation that some were, for example, sexual activity between children, or "
    "cases where the victim did not want a prosecution.",
    "The Home Office revises its tables: the 2024 republication changed some earlier figures, so a number "
    "here can differ slightly from one published before.",
    "Single cases could identify a victim or an offender: take legal advice before reporting any of them.",
]


@dataclass
class Question:
    """A right-of-reply question and the figure it concerns (findings file and key)."""

    to: str  # "force" or "oversight"
    text: str
    source: str  # "1-force-rate.findings.json: durham_share"


@dataclass
class StoryPack:
    """Copy for a reporter: headline options, lede, paragraphs, context, caveats, questions."""

    area: str
    headlines: list[str]
    lede: str
    paragraphs: list[str]
    questions: list[Question]
    context: list[str] = field(default_factory=lambda: list(CONTEXT))
    caveats: list[str] = field(default_factory=lambda: list(CAVEATS))
    synthetic: bool = False
    to_force: str = ""  # heading of the force's questions: "To Durham Constabulary", "To each of its forces: ..."
    to_oversight: str = "To whoever holds the force to account"
    oversight_list: list[str] = field(default_factory=list)  # a region's forces, each with who holds it to account
    reply_notes: list[str] = field(default_factory=list)  # said once, after the questions

    def markdown(self) -> str:
        """The pack as Markdown (plain text a reporter can paste anywhere)."""
        out = []
        if self.synthetic:
            out += ["**SYNTHETIC DATA: every number below is invented for testing. Do not publish.**", ""]
        out += [f"# Story pack: {self.area}", "", "## Headline options", ""]
        out += [f"- {line}" for line in self.headlines]
        out += ["", "## Lede", "", self.lede, "", "## Copy", ""]
        for paragraph in self.paragraphs:
            out += [paragraph, ""]
        out += ["## Context", ""]
        for paragraph in self.context:
            out += [paragraph, ""]
        out += ["## Caveats", ""]
        out += [f"- {line}" for line in self.caveats]
        out += ["", "## Right of reply", ""]
        for who, heading in (("force", self.to_force or f"To {self.area}"), ("oversight", self.to_oversight)):
            asked = [q for q in self.questions if q.to == who]
            if asked:
                out += [f"### {heading}", ""]
                if who == "oversight" and self.oversight_list:
                    out += [f"- {line}" for line in self.oversight_list] + [""]
                out += [f"{n}. {q.text} (figure: {q.source})" for n, q in enumerate(asked, start=1)]
                out += [""]
        for note in self.reply_notes:
            out += [note, ""]
        out += ["Every figure above is in the findings files beside this page; the file and key are given with each question."]
        return "\n".join(out).rstrip() + "\n"


def _figure(document: dict | None, key: str):
    if not document:
        return None
    entry = document.get("figures", {}).get(key)
    return None if entry is None else entry.get("value")


def story_pack(area: areas.Area, found: dict[str, dict]) -> StoryPack:
    """The story pack for ``area`` from its findings (``{notebook: findings document}``)."""
    name = area.subject
    short = areas.force_display_name(area.forces[0]) if area.is_force else area.name  # headlines drop "the"
    # a headline's subject: the force, or "Police in Wales" (a region is a place, not who used them)
    actor = short if area.is_force else f"Police in {area.in_sentence}"
    prefix = areas.force_slug(area.forces[0]) if area.is_force else "area"
    rate = found.get(RATE)
    synthetic = any(document.get("synthetic") for document in found.values())
    pack = StoryPack(short, [], "", [], [], synthetic=synthetic)
    _address(pack, area)
    # the questions to a region go to each of its forces: "your force" becomes the region's forces
    forces_phrase = "your force" if area.is_force else f"the forces in {area.in_sentence}"
    the_force = "the force" if area.is_force else "each force"
    whose = "your" if area.is_force else f"the {words.plural(len(area.forces), 'force')}'"

    share, count, assigned = (_figure(rate, f"{prefix}_{k}") for k in ("share", "community_resolutions", "assigned"))
    national, of = _figure(rate, "national_share"), _figure(rate, "forces_ranked")
    rank = _figure(rate, f"{prefix}_rank") if area.is_force else None
    years = list((rate or {}).get("parameters", {}).get("years") or [])
    when = years_phrase(years) if years else ""
    pronoun = "it" if area.is_force else "they"
    if share is not None and count is not None and assigned is not None:
        where = f", {words.rank_phrase(int(rank), int(of))}" if rank is not None and of else ""
        pack.headlines.append(f"{actor} used community resolutions for {words.percent(share)} of crime outcomes{where}")
        if rank == 1 and of:
            compare = (f", the highest share of any of the {words.number(of)} forces in England and Wales"
                       + (f", against {words.percent(national)} overall" if national is not None else ""))
        elif rank is not None and of:
            compare = f", {words.rank_phrase(int(rank), int(of))}" + (
                f" (England and Wales: {words.percent(national)})" if national is not None else "")
        else:
            compare = "" if area.is_national or national is None else f" (England and Wales: {words.percent(national)})"
        pack.lede = (f"{name} ended {words.number(count)} crimes with a community resolution {when}, "
                     f"{words.percent(share)} of the {words.number(assigned)} outcomes {pronoun} assigned{compare}.")
        source = f"{RATE}.findings.json: {prefix}_share"
        side = "above" if national is not None and share > national else "below"
        pack.questions.append(Question("force", (
            f"Community resolutions made up {words.percent(share)} of the outcomes {forces_phrase} assigned {when}"
            + (f", {side} the England and Wales figure of {words.percent(national)}"
               if national is not None and not area.is_national else "")
            + (". What explains that, and who decides when a community resolution is used?" if area.is_force else
               ". What explains your force's own figure, and who decides when a community resolution is used?")), source))
        outcomes_of = "the force's crime outcomes" if area.is_force else f"the crime outcomes of the forces in {area.in_sentence}"
        pack.questions.append(Question("oversight", (
            f"Community resolutions made up {words.percent(share)} of {outcomes_of} {when}. How does your "
            "office scrutinise their use, for example through an out-of-court disposals scrutiny panel, and what has it found?"),
            source))

    latest_year = _figure(rate, "latest_year")
    latest_share = _figure(rate, f"{prefix}_share_latest")
    if latest_year and latest_share is not None and share is not None and (not years or latest_year != years[-1]):
        latest_count = _figure(rate, f"{prefix}_community_resolutions_latest")
        latest_assigned = _figure(rate, f"{prefix}_assigned_latest")
        latest_rank, latest_of = _figure(rate, f"{prefix}_rank_latest"), _figure(rate, "forces_ranked_latest")
        national_latest = _figure(rate, "national_share_latest")
        ranked = area.is_force and latest_rank is not None and latest_of
        where = f", {words.rank_phrase(int(latest_rank), int(latest_of))}" if ranked else ""
        national_text = (f" (England and Wales: {words.percent(national_latest)})"
                         if national_latest is not None and not area.is_national else "")
        subject = words.mid(name)
        pack.paragraphs.append(
            f"In {latest_year}, the latest year the Home Office data hold, {subject} ended {words.number(latest_count)} "
            f"crimes this way: {words.percent(latest_share)} of {words.number(latest_assigned)} outcomes{national_text}"
            f"{where}. That is {words.change_phrase(latest_share, share)} {when}.")
        if len(pack.headlines) < 3:
            use = (f"{short}'s use of community resolutions" if area.is_force
                   else f"Use of community resolutions by police in {area.in_sentence}")
            pack.headlines.append(f"{use}: {words.percent(share)} {when}, {words.percent(latest_share)} in {latest_year}")
        pack.questions.append(Question("force", (
            f"In {latest_year} community resolutions were {words.percent(latest_share)} of {whose} outcomes, against "
            f"{words.percent(share)} {when}. What changed?"), f"{RATE}.findings.json: {prefix}_share_latest"))

    child = found.get(CHILD)
    child_count = _figure(child, "area_child_community_resolutions")
    if child is not None and child_count is not None:
        child_years = years_phrase(child["parameters"].get("years_computed") or [])
        lead = child["sentences"][0] if child.get("sentences") else ""
        if child_count > 0:
            pack.paragraphs.append(lead)
            if len(pack.headlines) < 3:
                pack.headlines.append(f"{actor} closed {words.plural(child_count, 'sexual offence')} against children "
                                      f"with a community resolution {child_years}")
            pack.questions.append(Question("force", (
                f"{words.capital(child_years)}, {words.plural(child_count, 'sexual offence')} against children "
                f"{'was' if child_count == 1 else 'were'} closed with a community resolution. "
                "Who authorised each, were the victims and their families consulted, and "
                "were any reviewed afterwards?"), f"{CHILD}.findings.json: area_child_community_resolutions"))

    drugs = found.get(DRUGS)
    drug_key = f"{prefix}_drug_share" if area.is_force else "area_drug_share"
    drug_share = _figure(drugs, drug_key)
    if drugs is not None and drug_share is not None and drugs.get("sentences"):
        pack.paragraphs.append(drugs["sentences"][0])
        drug_years = years_phrase(drugs["parameters"].get("years_computed") or [])
        pack.questions.append(Question("force", (
            f"{words.capital(words.share_phrase(drug_share))} of drug offences given an outcome {drug_years} ended in a "
            f"community resolution. In which circumstances does {the_force} use one for drug offences, including supply?"),
            f"{DRUGS}.findings.json: {drug_key}"))

    serious = found.get(SERIOUS)
    serious_count = _figure(serious, "area_serious_community_resolutions")
    if serious is not None and serious_count and serious.get("sentences"):
        pack.paragraphs.append(serious["sentences"][0])
        indictable = _figure(serious, "area_indictable_only_community_resolutions")
        serious_years = years_phrase(serious["parameters"].get("years_computed") or [])
        if indictable:
            pack.questions.append(Question("force", (
                f"{words.capital(serious_years)}, {words.plural(indictable, 'community resolution')} "
                f"{'was' if indictable == 1 else 'were'} for offences that can only be tried in the Crown Court. "
                "Was each authorised by an inspector or above, as national guidance "
                "requires, and why was a prosecution not pursued?"),
                f"{SERIOUS}.findings.json: area_indictable_only_community_resolutions"))

    over_time = found.get(TIME)
    if over_time is not None and over_time.get("sentences"):
        pack.paragraphs.append(over_time["sentences"][0])
    police = found.get(POLICEUK)
    if police is not None and police.get("sentences"):
        pack.paragraphs.append(police["sentences"][0])
    if rate is not None and not area.is_force:  # a region's lede covers the region: then each force's figure
        pack.paragraphs[0:0] = rate.get("sentences", [])[1:1 + len(area.forces)]
    pack.paragraphs = list(dict.fromkeys(p for p in pack.paragraphs if p))[:8]
    if not pack.headlines:
        pack.headlines.append(f"Community resolutions: {short}")
    if not pack.lede:
        pack.lede = pack.paragraphs[0] if pack.paragraphs else f"No figures were computed for {short}."
    return pack


def _address(pack: StoryPack, area: areas.Area) -> None:
    """Who the right-of-reply questions go to: the force and whoever holds it to account, or, for a
    region, each of its forces (named, up to eight) and who holds each to account.

    >>> pack = StoryPack("Durham Constabulary", [], "", [], [])
    >>> _address(pack, areas.force_area("Durham")); pack.to_oversight
    'To the police and crime commissioner for Durham'
    >>> pack = StoryPack("North East", [], "", [], [])
    >>> _address(pack, areas.region("north-east")); pack.to_force
    'To each of its forces: Cleveland Police, Durham Constabulary and Northumbria Police'
    >>> pack.oversight_list[0]
    'Cleveland Police: the police and crime commissioner for Cleveland'
    """
    which = "the" if area.is_force else "each"
    checked = (f"Who holds {which} force to account is as of {oversight.checked_as_of()} (data/reference/"
               f"{oversight.OVERSIGHT_FILE.name}); commissioners' powers are due to pass to mayors and council leaders "
               "from 2028, so check before sending.")
    if area.is_force:
        pack.to_force = f"To {areas.force_in_sentence(area.forces[0])}"
        pack.to_oversight = f"To {oversight.holds_to_account(area.forces[0])}"
        pack.reply_notes = [checked]
        return
    names = [areas.force_in_sentence(force) for force in area.forces]
    pack.to_force = f"To each of its forces: {words.listing(names)}" if len(names) <= 8 else f"To each of its {len(names)} forces"
    pack.to_oversight = "To whoever holds each force to account"
    if len(names) <= 8:
        pack.oversight_list = [f"{areas.force_display_name(force)}: {oversight.holds_to_account(force)}"
                               for force in area.forces]
    pack.reply_notes = ["Each force's own story pack puts these questions with its own figures.", checked]


def _example() -> dict[str, dict]:
    """Findings as the notebooks write them, cut down to what the doctests read (Durham's real figures)."""
    def figures(**values):
        return {key: {"value": value} for key, value in values.items()}

    years = ["2014/15", "2015/16", "2016/17", "2017/18"]
    return {RATE: {"notebook": RATE, "synthetic": False, "parameters": {"years": years},
                   "sentences": ["Durham Constabulary resolved 12,988 crimes with a community resolution "
                                 "from 2014/15 to 2017/18."],
                   "figures": figures(durham_share=12988 / 172886, durham_community_resolutions=12988,
                                      durham_assigned=172886, durham_rank=1, forces_ranked=44,
                                      national_share=448395 / 15765583, latest_year="2025/26",
                                      durham_share_latest=1242 / 57786, durham_community_resolutions_latest=1242,
                                      durham_assigned_latest=57786, durham_rank_latest=37, forces_ranked_latest=44,
                                      national_share_latest=185570 / 5258158)}}
