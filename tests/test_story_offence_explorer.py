"""The offence explorer's story module (notebook 9): the sentence saying how the offence name was read."""

from __future__ import annotations

from community_resolutions import explorer
from community_resolutions.story import offence_explorer


def test_selection_sentence_names_the_codes():
    chosen = explorer.OffenceSelection("Drug offences", "offence group", ("92A", "92D"), "the offence group Drug offences")
    assert offence_explorer.selection_sentence("drug  OFFENCES", chosen) == (
        "“drug  OFFENCES” was read as the offence group Drug offences: offence codes 92A, 92D.")


def test_selection_sentence_with_no_codes_says_none():
    # A reviewed list none of whose codes the data hold.
    chosen = explorer.OffenceSelection("Child sex offences", "list", (), "the reviewed list of child sex offences")
    assert offence_explorer.selection_sentence("child sex offences", chosen) == (
        "“child sex offences” was read as the reviewed list of child sex offences: offence codes none.")


def test_selection_sentence_from_the_example_table():
    chosen = explorer.select_offences(explorer._example(), "92a")
    assert chosen.codes == ("92A",)
    assert offence_explorer.selection_sentence("92a", chosen).endswith(": offence codes 92A.")
