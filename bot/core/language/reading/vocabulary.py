"""The words the reader knows: words that never start a name, verbs and nouns that start a task, name particles,
verbs that report, words after which a name is an object; and the word classes built on them."""

from __future__ import annotations


def wordset(words: str) -> frozenset[str]:
    """A set of the whitespace-separated words."""
    return frozenset(words.split())


# Words that never start a name: pronouns, determiners, auxiliaries, prepositions, conjunctions, adverbs,
# and verbs that take "to" ("Need to…", "Try to…", "Remember to…").
FUNCTION_WORDS = wordset(
    """
    a an the this that these those there here it its we us our ours you your yours he him his she her hers
    they them their theirs who whom whose what which when where why how whether if then than so also too and
    or but nor not no yes ok okay please pls kindly thanks thank maybe perhaps possibly probably still just
    only even already again once twice always never ever sometimes often soon later now today tomorrow
    yesterday tonight next last first second third final new old other another each every any some all both
    either neither few many much more most less least several such same own very really quite is are was
    were be been being am do does did done doing have has had having will would shall should can could might
    must ought need needs needed want wants wanted try tries tried trying plan plans going gonna wanna
    remember remind forget hope hopes expect expects intend intends decide decided agree agreed continue
    continues start starts begin begins aim aims seem seems used got get gets let lets make makes keep keeps
    to of in on at by for with from into onto about above below over under after before during until till
    since between among through throughout across against toward towards upon within without via per as like
    unlike re vs versus etc incl including regarding concerning around near note notes action actions item
    items todo todos ai ais fyi tbd tba nb ps summary status update updates decision decisions agenda
    reminder reminders done resolved outcome outcomes context background result results info
    minutes topic topics discussion question questions issue issues follow followup follow-up up out off
    down away back everyone everybody someone somebody anyone anybody nobody noone none something anything
    nothing i me my mine myself ourselves yourself yourselves himself herself themselves itself
    """
)

# Common verbs (and nouns) that start a task in the imperative: a capitalised one is not a name there.
VERBS = wordset(
    """
    accept add address adjust align allocate analyse analyze announce answer apply approve archive arrange
    ask assess assign attach attend audit automate book brainstorm bring build buy calculate call cancel
    capture chair change chase check circulate clarify clean close coordinate collate collect comment
    communicate compare compile complete confirm connect consider consolidate contact contribute convene
    convert coordinate copy correct create crosscheck debug decide define delegate delete deliver demo
    deploy describe design determine develop discuss distribute document double-check download draft drive
    drop edit elect email enable engage ensure escalate establish estimate evaluate examine explain explore
    export extend facilitate file fill finalise finalize find finish fix flag forward gather generate give
    go handle help highlight host identify implement import improve include inform install integrate
    introduce investigate invite involve issue join lead learn link list locate log look maintain manage map
    mark measure meet mention merge message migrate monitor move nominate notify obtain onboard open order
    organise organize outline own pay ping pick plan polish post prepare present prioritise prioritize
    process produce propose provide publish pull push put raise reach read rebase reconcile record recruit
    reduce refine reformat register release remove rename renew reorganise reorganize reply report request
    research reserve resolve respond restart resubmit resume review revise revisit rework rewrite run save
    schedule scope secure see seek select send set setup share ship sign simplify sort speak specify split
    sponsor start streamline submit suggest summarise summarize support survey sync synchronise take talk
    test think track train transfer translate triage try update upgrade upload use validate verify vote walk
    welcome work write follow attempt invoice blog liaise pursue certify organize organise coordinate shepherd
    poke chase figure dig weigh ramp barge wiki-fy poll formulate encourage reconsider approach solicit lobby fund
    assemble compose negotiate hire interview promote advertise purchase reimburse mentor thank moderate transcribe
    rehearse practise practice follow-up followup tag label print
    """
)

# Verbs that are also first names ("Mark to review the deck"): only these verbs may be a name before a task.
NAME_VERBS = wordset(
    """
    mark bill pat rob grant chase drew jack sue hope bob don wade max nick chuck skip lance will carol
    """
)

# Nouns that lead a task line but are not owners ("Budget: …", "Docs - …").
NOUNS = wordset(
    """
    budget doc docs document documents report slides slide deck website wiki blog newsletter survey roadmap
    release charter policy security board project projects plan proposal draft feedback review meeting call
    calls ci cd build tests test infra infrastructure demo talk paper papers spec specs specification repo
    repository code website logo event events conference workshop travel hiring contract contracts legal
    finance marketing membership members election elections vote voting funding sponsorship target goal aim idea
    objective deadline priority options option question questions topic
    """
)

# Adjectives that start a person's offer or a statement ("Happy to take it", "Glad to help"): never a name.
ADJECTIVES = wordset(
    """
    happy glad willing able unable keen ready pleased delighted sure available interested eager
    """
)

# Parts of a surname ("Ludwig van Beethoven", "Jan van der Berg").
PARTICLES = wordset(
    """
    van von der den de da di del della le la du dos das bin ibn al el ter ten
    """
)

# Verb forms that report what happened ("Andy brought a concern"), not what someone is to do.
NARRATIVE = wordset(
    """
    was were is are has had have does did said says told brought thought felt saw made went got gave took found
    wrote ran came knew kept left lost met paid put read sent set spent stood understood won
    """
)

# After these, a name is the object of the task, not its owner ("send it to Kevin", "sync with @jon").
OBJECT_WORDS = wordset(
    """
    with to from for about and or of cc ping ask tell contact email invite thank remind including via loop
    involve notify inform message call meet sync help support assist introduce copy by between among than
    like re vs against into onto at on in
    """
)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def verb_like(word: str) -> bool:
    """A known verb or one of its forms ("reviews", "reviewing", "reviewed", "planning", "planned")."""
    w = word.casefold().rstrip(".")
    if w in VERBS:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in VERBS:
            return True
    stem = w[:-3] if w.endswith("ing") else w[:-2] if w.endswith("ed") else ""
    return len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in VERBS  # "planning", "planned"


# Verbs that also serve as function words ("keep", "continue", "try"): they start a task too.
MORE_VERBS = wordset(
    """
    keep get make continue go do have give put set let take come try begin start stop think consider
    """
)


def base_verb(word: str) -> bool:
    """A verb's base form ("review", "continue"; not "reviews" or "reviewing"): an imperative."""
    w = word.casefold()
    return w in VERBS or w in MORE_VERBS


_ADVERB_END = ("ually", "ially", "ally", "ively", "ently", "antly", "ously", "ably", "ibly", "ately", "edly", "fully")


def adverb(word: str) -> bool:
    """An adverb by its ending ("Eventually", "Hopefully"); never a name ("Sally", "Kelly" are too short)."""
    w = word.casefold()
    return len(w) > 6 and w.endswith(_ADVERB_END)


def narrative(word: str) -> bool:
    """A verb form that reports ("Andy brought a concern", "Kevin mentioned …"), not one that assigns."""
    w = word.casefold()
    return w in NARRATIVE or (w.endswith("ed") and len(w) > 4)
