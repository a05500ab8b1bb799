"""The words the recogniser's rules are made of, in English, German, French and Spanish.

Patterns are grouped by the part they play in a rule (an interview noun, a request to
schedule, a confirmation...). They are written in lower case and run on lower-cased
text. Which combination of them makes an invitation is not decided here: the rules
(:mod:`.rules`) name each piece of evidence, and the fitted weights (:mod:`.scorer`)
decide how much each one counts.
"""

from __future__ import annotations

import re


def rx(*parts: str) -> re.Pattern[str]:
    # Patterns are written in lower case and run on lower-cased text: without
    # re.IGNORECASE the engine is two to three times faster on these alternations.
    return re.compile("|".join(f"(?:{p})" for p in parts))


# --------------------------------------------------------------------------- lexicon
# Words are grouped by the role they play in the combination, in en/de/fr/es.

# A quick gate: without one of these stems anywhere, a message cannot be about an
# interview, and the detailed rules are skipped (most mail leaves here). Plain
# substring tests: much cheaper than a regex over a long body.
GATE_WORDS = (
    "interview",
    # a visit to the employer named as such (a law firm's "callback")
    "office visit",
    "campus visit",
    "for a callback",
    "callback day",
    "fly-back",
    "flyback",
    "trial shift",
    "trial day",
    "shortlisted",
    "ur cv",
    "ur resume",
    "assessment day",
    "assessment centre",
    "assessment center",
    "video-conference",
    "working interview",
    "jornada de prueba",
    "probearbeit",
    "probetag",
    "journée d'essai",
    "journée d'immersion",
    "oral board",
    "appraisal board",
    "gespr",
    "entretien",
    "entrevue",
    "entrevista",
    "screen",
    "vorstellungs",
    "your application",
    "your job application",
    "your cv",
    "your resume",
    "your résumé",
    "currículum",
    "curriculum",
    "lebenslauf",
    "unterlagen",
    "colloqui",
    "gesprek",
    "sollicit",
    "you applied",
    "applying for",
    "applying to",
    "candida",
    "bewerbung",
    "postula",
    "hiring",
    "recruit",
    "tu cv",
    "su cv",
    "m/w/d",
    "onsite",
    "on-site",
    # a later round of a process already under way ("move you to the second round")
    "next round",
    "first round",
    "second round",
    "third round",
    "final round",
    "next stage",
    "zweite runde",
    "nächste runde",
    "second tour",
    "segunda ronda",
    "siguiente fase",
    "technical round",
    "final stage",
    "last stage",
    "letzte runde",
    "dernière étape",
    "última fase",
    "talent partner",
    "talent acquisition",
    "auswahltag",
)
# Gate words looked for in the opening only (each substring test scans the text judged).
GATE_HEAD_WORDS = (
    # the next step of a selection, named without the word interview
    "next step",
    "nächste schritt",
    "nächsten schritt",
    "prochaine étape",
    "siguiente etapa",
    "próxima etapa",
    "proceso de selección",
    # Latin American Spanish: "tu aplicación" is the user's application
    "tu aplicación",
    "su aplicación",
    "assessment cent",
    "assessment day",
    # the people who select, and a job board's application
    "recruiting team",
    "talent team",
    "equipo de selecci",
    "équipe de recrutement",
    "équipe recrutement",
    "inscribirte en la oferta",
    "inscrito en la oferta",
    "inscripción en la oferta",
)
# A named role or application counts only with a word for talking next to it ("chat with
# me about the Product Designer role"): the words alone are everywhere in ordinary mail.
ROLE_WORDS = (
    " role",
    " opening",
    "temp to perm",
    "temp-to-perm",
    " job",
    "position",
    "posici",
    "application",
    "stelle",
    " poste ",
    "poste d'",
    "puesto",
    "vacante",
    "cargo",
    "tu portfolio",
    "dein portfolio",
    "offer together",
    "propuesta",
    "formalise",
    "resume",
    "résumé",
    "cv ",
)
# Job titles count as a named role in the subject only ("Re: Product Designer" and "a call
# with our design lead"): in bodies they are everywhere.
TITLE_WORDS = (
    "engineer",
    "developer",
    "designer",
    "analyst",
    "scientist",
    "entwickler",
    "ingenieur",
    "développeu",
    "desarrollador",
    "analista",
    "accountant",
    "assistant",
    "coordinator",
    "specialist",
    "consultant",
    "architect",
    "technician",
    "administrator",
    "associate",
    "nurse",
    "teacher",
)
# Booking pages by their hosts, as substrings of the raw text.
BOOKING_HOSTS = ("calendly.com", "goodtime.io", "savvycal.com", "youcanbook.me", "zcal.co")
TALK_WORDS = (
    "bring you in",
    "have you in",
    "get you in",
    "chat",
    "talk",
    "speak",
    "conversation",
    "llamada",
    "échange",
    "echange",
    "appel ",
    "a call",
    "a quick call",
    "phone call",
    "video call",
    "intro call",
    "telefon",
    "téléphone",
    "a zoom",
    "zoom call",
    "point rapide",
    # meeting the user ("möchte Sie kennenlernen", "vous rencontrer", "conocerte")
    "kennenlern",
    "meet you",
    "vous rencontrer",
    "te rencontrer",
    "conocerte",
    "conocerle",
    "conocernos",
    "faire connaissance",
    "s'appel",
    "first call",
    "initial call",
    "call with",
    "dispo",
    "austausch",
    "unterhalten",
    "rencontre",
    "connaissance",
    "reunión",
    "conversar",
    "charla",
    "charlemos",
    "meet the",
    # a number of minutes asked for ("could we grab 45 minutes")
    "minutes",
    " mins",
    # a booking page sent about a job ("Re: Engineer role" and a Calendly link)
    *BOOKING_HOSTS,
    # meeting people in person ("dich mal persönlich treffen", "come by the office")
    "treffen",
    "quatsch",
    "come by",
    "plática",
    "conozcas",
    "conocieras",
    "socios",
    "associé",
    "demi-journée",
    "colleagues",
    "people you",
    "hablamos",
    "hablemos",
    "pásate",
    "pasate",
    "libre",
    "get you in",
    "come in",
    "come back in",
    "how is",
    "stop by",
    "swing by",
    "meeting with you",
    "see you either",
    "videoconference",
    "first discussion",
    # a meal or a coffee with the people who hire
    "coffee",
    "café",
    "kaffee",
    "lunch",
    "breakfast",
    "dinner",
    "déjeuner",
    "comer con",
    "entretenir",
)


# Literal stems that every interview or conversation pattern below contains: a
# sentence without any of them cannot name an interview (a cheap pre-filter; Python's
# regex engine tries every alternative at every position).
INTERVIEW_WORDS = (
    "interview",
    "screen",
    "oral board",
    "appraisal board",
    "gespr",
    "kennenlern",
    "entretien",
    "entrevue",
    "entrevista",
    "round",
    "runde",
    "call",
    "chat",
    "conversation",
    "meeting",
    "telefonat",
    "change",
    "appel",
    "rendez",
    "rencontre",
    "visio",
    "llamada",
    "reuni",
    "conversaci",
    "charla",
    "charlemos",
    "colloqui",
    "gesprek",
    "meet",
    "get to know",
    "kennen",
    "rencontr",
    "conocer",
    "onsite",
    "on-site",
    "talk",
    "speak",
    "telefon",
    "zoom",
    "point",
    "assessment",
    "anruf",
    "llamar",
    "termin",
    "connaissance",
    "discut",
    "sprech",
    "hablar",
    "conversar",
    "stage",
    "tape",
    "fase",
    "step",
    "schritt",
    "etapa",
    "austausch",
    "unterhalt",
    "coffee",
    "café",
    "kaffee",
    "ronda",
    "tour",
    "vuelta",
    "conozc",
    "conoci",
    "journée",
    "people",
    "team",
    "you in",
    "come in",
    "auswahl",
    "habl",
    "pása",
    "pasa",
    "apetece",
    "visit",
    "callback",
    "call-back",
    "entreten",
    "trial",
    "panel",
    "discussion",
    "conference",
    "platic",
    "prueba",
    "probe",
    "journée d'",
)


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    low = text.lower()  # cheap next to a regex; callers may pass text not yet lowered
    return any(w in low for w in words)


# Interview nouns that only mean a hiring interview.
INTERVIEW_STRICT = rx(
    r"\bjob[- ]interview",
    r"\bphone[- ]screen",
    # a screen named by its medium or length ("a 30-minute video screen")
    # a visit to the hiring side ("schedule you for an onsite")
    # ("an onsite backup", "an onsite engineer": any other noun after it is a location)
    r"\b(?:for|an) on-?site\b(?! (?!(?:interviews?|round|loop|day|visit|session|with|at|in|on"
    r"|next|this|tomorrow|and|or|to|for|the|our|soon|later|here|there)\b)[a-z]{3,})",
    r"\b(?:video|zoom|teams|initial|first|recruiter|\d+[- ]?min(?:ute)?)[- ]screen(?:ing)?\b"
    r"(?![- ](?:time|size|shot|saver|reader|shar|record|protector))",
    r"\b(?:screening|recruiter|intro(?:ductory)?|technical|tech)[- ](?:call|screen|interview)",
    r"\b(?:on-?site|final[- ]round|first[- ]round|second[- ]round|panel|behaviou?ral"
    r"|system[- ]design|coding|case|hiring[- ]manager|virtual|video|in-person|phone|zoom"
    r"|teams|follow-up|next[- ]round|telephone|personal|face-to-face)\s+interviews?\b",
    r"\binterview (?:loop|process|stage|round)",
    # interview formats only hiring uses ("a competency based interview")
    r"\b(?:competency|competence|strengths?|values|motivational|situational|structured"
    r"|behaviou?ral|skills)[- ]based interview|\bcompetency interview",
    # "the onsite round", "your virtual onsite": an interview day, never a job's location
    r"\bvirtual on-?site\b|\bon-?site (?:round|loop|interviews?|day|visit)\b"
    r"|\b(?:your|the) on-?site\b(?! (?:role|position|job|work|office|team))",
    # a conversation with the people who hire
    r"\b(?:call|chat|conversation|meeting)\b.{0,40}\b(?:our|the|my) (?:recruit(?:er|ing|ment)"
    r"|talent(?: acquisition)?|hiring) (?:team|manager|partner|lead)",
    r"\bpremier [ée]change (?:t[ée]l[ée]phonique|en visio)|\b[ée]change t[ée]l[ée]phonique\b",
    # "your interview": the user is the one interviewed.
    r"\b(?:your|votre|ton|tu|su|ihr|dein|ihrem|deinem|ihres|deines)\s(?:\w+\s)?"
    r"(?:interview|entretien|entrevista)\w*",
    r"\b(?:first|second|third|final|next|1st|2nd|3rd|erste[snrm]?|zweite[snrm]?|dritte[snrm]?"
    r"|premier|deuxi[èe]me|second|troisi[èe]me|primera|segunda|tercera)\s(?:[\w-]+[\s-])?"
    r"(?:interview|gespr[äa]ch|entretien|entrevista|round|runde|ronda|tour)\w*",
    # a later round named by its content ("the technical round", "the case round")
    r"\b(?:technical|tech|case|panel|coding|on-?site|system design) rounds?\b",
    r"\bhiring[- ]manager (?:call|chat|conversation|screen)",
    r"vorstellungsgespr[äa]ch|vorstellungstermin|\binterviewtermin",
    # a graduate or trainee selection day (group exercises and interviews)
    r"\bassessment[- ]?(?:cent(?:er|re)|day)\b|\bcentro de evaluaci[óo]n\b"
    r"|\bjourn[ée]e d'[ée]valuation\b",
    r"bewerbungsgespr[äa]ch",
    # the closing conversation of a selection ("ein abschließendes Gespräch")
    r"\babschlussgespr[äa]ch|\babschlie(?:ß|ss)ende[nmrs]? (?:\w+ )?gespr[äa]ch",
    r"\b(?:job|telefon|video|bewerber|erst|zweit)[- ]?interview",
    r"\bkennenlern-?(?:gespr[äa]ch|termin|call)",
    r"\bauswahlgespr[äa]ch",
    r"\bentretien (?:d'embauche|de recrutement|t[ée]l[ée]phonique|technique|individuel"
    r"|de motivation|en visio|vid[ée]o|rh|final)",
    r"\bsollicitatiegesprek|\bkennismakingsgesprek|\bcolloqui[oa] (?:di lavoro|conoscitiv[oa]"
    r"|tecnico|telefonico)|\bentrevista de emprego",
    r"\bentrevista (?:de trabajo|laboral|t[ée]cnica|telef[óo]nica|personal|por video"
    r"|virtual|presencial|final|de selecci[óo]n|con (?:el|la) (?:equipo|responsable))",
)
# Literal stems that every INTERVIEW_STRICT alternative contains: a sentence with a
# "call" or "meeting" but none of these skips the long alternation (most ordinary mail).
STRICT_WORDS = (
    "interview",
    "screen",
    "intro",
    "tech",
    "onsite",
    "on-site",
    "entretien",
    "entrevista",
    "round",
    "runde",
    "gespr",
    "termin",
    "assessment",
    "evaluaci",
    "valuation",
    "kennenlern",
    "colloqui",
    "gesprek",
    "change",
    "recruit",
    "talent",
    "hiring",
    "ronda",
    "tour",
    "vuelta",
    "auswahltag",
    "proposed interview",
)
# Interview nouns that need hiring context around them (podcasts interview people too).
INTERVIEW_NOUN = rx(
    r"\b(?:einzel|gruppen|telefon|video|fach|abschluss)?interview(?:s|ing)?\b",
    # public-sector selection: "invited to appear before an oral board"
    r"\boral (?:appraisal )?(?:boards?|interviews?|examinations?)\b",
    r"\bcolloqui[oa]\b|\bgesprek\b",
    r"\bentretiens?\b",
    r"\bentrevues?\b",
    r"\b(?:video)?entrevistas?\b",
    # the last step of a selection ("made it to the final stage", "última fase")
    r"\b(?:final|last) stage\b|\bderni[èe]re [ée]tape\b|\b[úu]ltima fase\b|\bletzte runde\b",
    # the next step of a selection, and a technical talk with the team, named without the
    # word interview ("take the next step for Customer Success Manager", "siguiente etapa")
    r"\b(?:next|following) step\b|\bn[äa]chste[nr]? schritt\b|\bprochaine [ée]tape\b"
    r"|\b(?:siguiente|pr[óo]xima) (?:etapa|paso)\b",
    r"\btechnical (?:conversation|chat|discussion|session)\b",
    # a visit to the employer after a first interview ("an office visit", "a campus visit",
    # a law firm's "callback")
    r"\bassessment (?:days?|cent(?:re|er)s?)\b|\b(?:centre|journ[ée]e) d'[ée]valuation\b"
    r"|\b(?:centro|jornada) de evaluaci[óo]n\b|\b(?:your|a|our) first discussion\b"
    r"|\bvideo-?conference\b",
    r"\b(?:meet with|before|in front of) a panel\b|\bpanel (?:interview|sign-?up|session)s?\b"
    r"|\b(?:a|an|the) video[- ]?conference\b|\bplaticar con (?:usted|ustedes|vos|contigo)\b",
    r"\btrial (?:shift|day)s?\b|\bworking interview\b|\b(?:jornada|d[íi]a) de prueba\b"
    r"|\bprobe(?:arbeit\w*|tag)\b|\bjourn[ée]e d'(?:essai|immersion)\b",
    r"\b(?:office|campus|fly-?back|on-?site|plant|second|follow-up|your|candidate) visits?\b"
    r"|\bfor a call-?back\b"
    r"|\bcall-?back (?:days?|visits?|interviews?|dates?)\b",
    # the user as the one interviewed ("requested an interview with you"); podcasts say so too
    r"\binterview (?:with|for) you\b|\b(?:to|wants? to|like to|love to) interview you\b",
    # meeting the people the user would work with ("come in and meet the team")
    r"\bmeet (?:with )?(?:the|our|some of (?:the|our)|a few of (?:the|our)) (?:\w+ ){0,2}"
    r"(?:team|engineers|founders?|hiring manager|cto|ceo|vp)\b",
    # more of the people the reader would work with, before an offer
    r"\bmeet (?:a few|some|more of|a couple of|two|three|several|the rest of)(?: more| other)?"
    r" (?:of )?"
    r"(?:the |our |my )?(?:people|colleagues|members|team|folks|partners|engineers)\b",
    # the future colleagues, partners or founders, met before an offer
    r"\b(?:conozcas|conocieras|conozca|conociera) (?:a )?(?:mis|nuestros|nuestras|los|las|al)"
    r" (?:\w+ )?(?:socios|socias|compañeros|equipo|fundador\w*)\b"
    r"|\b(?:rencontr\w*|voir) (?:mes|nos|les) (?:associ[ée]s|coll[èe]gues|fondat\w*)\b"
    r"|\bune (?:demi-)?journ[ée]e (?:[\w']+ ){0,3}avec l'[ée]quipe\b"
    r"|\b(?:das|unser) team (?:\w+ ){0,2}kennen ?(?:zu )?lernen\b",
    # "come in and meet the desk", "let's get you in"
    r"\bmeet (?:with )?(?:the|our|my) (?:\w+ ){0,2}(?:desk|group|people|staff|traders|partners"
    r"|folks|guys|managers)\b|\b(?:get|bring|have) you (?:back )?in\b(?! (?:touch|contact))"
    r"|(?<!glad to )(?<!happy to )(?<!pleased to )(?<!willing to )(?<!love to )(?<!able to )"
    r"\bcome (?:back )?in (?:and|to|for)\b",  # (not the candidate offering to come in)
    # a selection day, and a calendar entry for the reader's interview, named in the text
    r"\bauswahltag\b|\bproposed interview (?:time|date|slot)s?\b",
    # the reader interviewed, as a verb ("nos gustaría entrevistarte")
    r"\bentrevistar(?:te|le|la|lo|os)\b|\b(?:vous|t') ?interviewer\b",
    # more of the team met, in the forms a sentence bends them to ("que vous rencontriez deux
    # de mes associés", "du lernst dort das Team kennen", "que conocieras a dos personas más
    # del equipo")
    r"\brencontr\w* (?:[\w']+ ){0,3}(?:mes|nos|les) (?:associ|coll[èe]gues|fondat|[ée]quipe)"
    r"|\b(?:lernst|lernen sie|lernt ihr) (?:\w+ ){0,3}(?:das|unser|unsere) (?:\w+ )?(?:team"
    r"|kolleg\w*) kennen\b"
    r"|\b(?:conozcas|conocieras|conozca|conociera|conocer) (?:a )?(?:\w+ ){0,4}(?:del|de"
    r" nuestro|de mi|al) equipo\b",
)
# Conversation nouns that mean an interview only when the user's application is the topic.
CONVERSATION = rx(
    r"\b(?:a|an|our|the|your|first)\s(?:(?:quick|short|brief|first|initial|intro(?:ductory)?"
    r"|phone|video|zoom|teams|\d+(?:[-–]\d+)?[- ]?min(?:ute)?s?)\s){0,3}(?:call|chat|conversation"
    r"|meeting)\b",
    r"\b(?:pers[öo]nliches |telefonisches |erstes )?(?:telefon|kennenlern|video)?gespr[äa]ch\b",
    r"\btelefonat\b|\btelefonieren\b",
    r"\b(?:a|an|our|the) (?:quick |short |\d+(?:[-–]\d+)?[- ]?min(?:ute)?s? )?(?:zoom|video ?call"
    r"|phone call)\b",
    r"\bpoint (?:rapide|t[ée]l[ée]phonique)\b|\b(?:au|par) t[ée]l[ée]phone\b",
    r"\b[ée]change\b",
    r"\b(?:appel|rendez-vous|rencontre|visio)\b",
    r"\b(?:llamada|videollamada|reuni[óo]n|conversaci[óo]n|charla)\b|\b(?:charlemos|charlamos"
    r"|hablemos|conversemos)\b",
    r"\b(?:una|la) cita\b|\bun (?:petit |premier |rapide )?(?:call|appel|visio)\b"
    r"|\btermin\b(?= (?:[\w-]+ ){0,4}(?:vereinbaren|ausmachen|abstimmen|buchen|finden)\b)",
    # "we would like to meet you": an interview when the user's application is the topic
    r"\bmeet (?:with )?you\b|\bget to know you\b",
    r"\b(?:to|and) (?:quickly |briefly )?(?:chat|talk|speak) (?:with|to) (?:me|us|you|our)\b",
    r"\b(?:sie|dich|euch) (?:\w+ ){0,6}kennen ?(?:zu )?lernen\b",
    r"\bauf einen (?:kaffee|caf[ée])\b|\bautour d'un caf[ée]\b|\b(?:un|tomar un) caf[ée]\b",
    r"\b(?:video|teams|zoom)[- ]?(?:call|anruf|telefonat|meeting)\b",
    r"\bqu'on (?:discute|en parle|se voie|se rencontre)\b|\bpour (?:en )?discuter\b",
    # "ein erstes Kennenlernen": German recruiters' noun for a first interview
    r"\b(?:erste[snm]?|kurze[snm]?|pers[öo]nliche[snm]?|virtuelle[snm]?) kennenlernen\b",
    # calling the user ("we'd like to give you a call", "t'appeler", "Sie anrufen")
    r"\b(?:give you|gave you) a (?:quick )?(?:call|ring)\b|\bcall you\b"
    r"|\b(?:t'|vous |te )appeler\b|\b(?:sie|dich) (?:kurz )?anrufen\b"
    r"|\bllamar(?:te|le|os)\b",
    r"\b(?:to|and) (?:quickly |briefly )?(?:chat|talk|speak)(?: about| more| through)\b",
    r"(?<!taking )(?<!took )(?<!take )\b(?:a|some|the) (?:good |convenient |suitable )?time to"
    r" (?:chat|talk|speak|connect|meet)\b",
    r"\b(?:vous|te) rencontrer\b|\bs'entretenir avec (?:vous|toi)\b|\bvous entretenir\b",
    r"\bconocer(?:te|le|lo|la|os|nos)\b",
    # meeting each other ("qu'on s'appelle", "faire connaissance", "get to know each other")
    r"\bon s'appelle\b|\bs'appeler\b|\bfaire connaissance\b|\bget to know each other\b",
    # talking with the user, as a verb ("charlar contigo", "discuter avec vous")
    # a coffee, a first exchange, a few minutes with the user, an invitation to talk
    r"\b(?:a|for a|grab a) (?:quick |virtual )?(?:coffee|caf[ée]|kaffee)\b",
    r"\b(?:erste[nrm]?|kurze[nrm]?|virtuelle[nrm]?|pers[öo]nliche[nrm]?|telefonische[nrm]?)"
    r" (?:\w+ )?austausch\b",
    r"\bfaire (?:votre|ta) connaissance\b",
    r"\binvit\w* a (?:conversar|charlar|hablar|platicar|una charla)\b",
    r"\b(?:\d+|fifteen|twenty|thirty) min(?:ute)?s? (?:with you|of your time)\b",
    r"\b(?:charlar|hablar|conversar) (?:un rato )?con(?:tigo| usted| vosotros)\b"
    r"|\b(?:discuter|[ée]changer) (?:avec (?:vous|toi)|ensemble)\b"
    r"|\bmit (?:ihnen|dir) (?:\w+ ){0,2}(?:sprechen|austauschen|unterhalten|telefonieren)\b",
    r"\b(?:dich|sie|euch) (?:\w+ ){0,3}(?:pers[öo]nlich )?(?:zu )?treffen\b|\bplática\b"
    r"|\b(?:come by|come in|pop in|drop by) (?:the|our) (?:office|studio|shop|store)\b",
    r"\b(?:charlar|hablar|conversar) (?:un rato )?con vos\b",
    r"\b(?:hablemos|charlemos|conversemos|hablamos)\b|\bqu'on (?:[ée]change|se parle)\b"
    r"|\blass(?:t)? uns (?:\w+ )?(?:sprechen|telefonieren|quatschen|austauschen)\b",
)
# A first call, or a call with the people who lead the hiring side: a screening call
# when the message is about a job ("set up a first call with our VP of Engineering").
HIRER_CALL = rx(
    # a length may sit between ("an initial 30 minute phone call")
    r"\b(?:first|initial|intro(?:ductory)?|screening|exploratory) (?:\d+[- ]?min(?:ute)?s? )?"
    r"(?:call|chat|conversation|video call|phone call)\b",
    r"\b(?:call|chat|conversation|meeting|talk|speak)\b (?:\w+ ){0,3}with (?:our|my|the"
    r" company's|their) (?:cto|ceo|coo|cfo|founders?|co-?founders?|vp|head of|director"
    r"|engineering manager|team lead|hiring lead|department head)",
    r"\b(?:call|chat|conversation|meeting|talk|speak)\b[^.?!]{0,40}\b(?:our|two of our"
    r"|some of our) (?:\w+ ){0,2}(?:lead|engineering manager|developers|engineers|founders?"
    r"|cto|ceo|vp)\b",
    r"\b(?:reuni[óo]n|llamada|videollamada|charla|conversaci[óo]n|conversar|hablar)\b"
    r" (?:[\w-]+ ){0,4}con (?:el|la|nuestr[oa]|los|las|mi) (?:\w+ )?(?:l[íi]der|director[a]?"
    r"|responsable|gerente|ceo|cto|jef[ea]|fundador\w*|equipo)\b",
    r"\b(?:[ée]change|appel|rencontre|rendez-vous|visio|[ée]changer)\b (?:[\w'-]+ ){0,4}avec"
    r" (?:notre|le|la|nos|l'|les) ?(?:\w+ )?(?:cpo|cto|ceo|directeur|directrice|responsable"
    r"|manager|lead|fondat\w*|[ée]quipe)\b",
    r"\b(?:gespr[äa]ch|austausch|telefonat|call|termin)\b (?:\w+ ){0,4}mit (?:unserem|unserer"
    r"|dem|der|unseren|den) (?:\w+ )?(?:teamlead|teamleiter\w*|cto|ceo|gesch[äa]ftsf[üu]hr\w*"
    r"|abteilungsleit\w*|bereichsleit\w*|fachbereich|team)\b",
)
# Hiring said in everyday words ("we're adding two people on the desk", "one spot left in
# Power Structuring", "join our team"): a job, when a meeting or a talk is asked too.
# Substrings without which HIRING_PLAIN cannot match: a cheap test before the regex, which
# the gate runs on most mail.
HIRING_PLAIN_WORDS = (
    "adding",
    "add ",
    "hire",
    "hiring",
    "bring on",
    "bringing on",
    "looking for",
    "need ",
    "building",
    "staff",
    "spot ",
    "seat ",
    "slot ",
    "opening",
    "headcount",
    "join",
    "build",
    "starting a",
    "start a",
    "in writing",
    "first person",
    "verstärk",
    "kolleg",
    "team verst",
    "team erw",
    "angebot mach",
    "vertragsangebot",
    "renforcer",
    "agrandir",
    "rejoindre",
    "proposition d",
    "proposition f",
    "reforzar",
    "ampliar",
    "unirte",
    "incorpor",
    "propuesta f",
    "propuesta e",
)
HIRING_PLAIN = rx(
    r"\b(?:adding|add|hire|hiring|bring(?:ing)? on|looking for|need|building|staff(?:ing)? up)"
    r" (?:two|three|four|five|a|an|one|another|\d+|some|a few) (?:more |new |additional |good"
    r" |senior |junior )?(?:[\w-]+ ){0,2}(?:people|person|heads?|analysts?|traders?|engineers?"
    r"|developers?|associates?|staff|hires?|originators?|schedulers?|accountants?)\b",
    r"\b(?:spot|seat|slot|opening|headcount) (?:left |open )?(?:for you )?(?:on|in"
    r"|at) (?:the|my|our|his|her) (?:[\w&-]+ ){0,2}(?:desk|team|group|department|office)\b"
    r"|\bneed (?:a|an|another) (?:junior|senior|trader|analyst|associate|scheduler|engineer"
    r"|developer)\b",
    r"\b(?:join|joining) (?:us|our|the|my) (?:[\w-]+ ){0,2}(?:team|desk|group|firm|shop"
    r"|company)\b|\b(?:build|building|start|starting) (?:a|an|the|our) (?:[\w-]+ ){0,2}(?:desk"
    r"|team|group|practice) (?:from scratch|here|over here)\b",
    r"\b(?:put|putting) (?:anything|something|an offer) in writing\b"
    r"|\bthe first person i thought of\b",
    r"\b(?:verst[äa]rkung|neue[nr]? kolleg\w*|team (?:verst[äa]rken|erweitern))\b"
    r"|\b(?:angebot machen|vertragsangebot)\b",
    r"\b(?:renforcer|agrandir) (?:l'|notre |son )[ée]quipe\b|\brejoindre (?:notre|l'|son|mon)"
    r" (?:[ée]quipe|desk|cabinet|soci[ée]t[ée])\b|\bproposition (?:d'embauche|ferme)\b",
    r"\b(?:reforzar|ampliar) (?:el|nuestro|su) equipo\b|\bunirte a (?:nuestro|el|mi) equipo\b"
    r"|\bincorporar(?:te|se)\b|\bpropuesta (?:formal|econ[óo]mica)\b",
)
# Substrings without which MEET_PEOPLE cannot match (a cheap prefilter for the gate).
MEET_ASK_WORDS = (
    "meet",
    "see",
    "talk",
    "chat",
    "visit",
    "sit down",
    "spend",
    "kennen",
    "treffen",
    "vorbei",
    "besuch",
    "rencontr",
    "passer",
    "venir",
    "voir",
    "conocer",
    "pasar",
    "reunir",
    "verte",
    "verle",
    "lunch",
    "breakfast",
    "dinner",
    "coffee",
    "drink",
    "kaffee",
    "essen",
    "café",
    "déjeuner",
    "dîner",
    "comer",
    "fly you",
    "together",
    "spend some",
    "spend time",
    "you up to",
    "bring you",
    "more conversations",
    "more meetings",
    "almorz",
    "desayun",
    "cenar",
)
# Substrings of the job words the gate's meeting branch needs next to a meeting asked
# (a cheap prefilter: most mail has "see" or "talk", little has these).
MEET_JOB_HINTS = (
    "resum",
    "résumé",
    "cv",
    "position",
    "role",
    "opening",
    "job",
    "candida",
    "recruit",
    "hiring",
    "vacanc",
    "career",
    "talent",
    "applica",
    "client",
    "search",
    "staffing",
    "temp",
    "posting",
    "someone",
    "stelle",
    "bewerb",
    "lebenslauf",
    "kandidat",
    "jemanden",
    "mandant",
    "kunde",
    "poste",
    "recrut",
    "embauche",
    "emploi",
    "quelqu'un",
    "puesto",
    "posici",
    "vacante",
    "selecci",
    "alguien",
    "cliente",
    "empleo",
    "headhunt",
    "before we",
    "before i ",
    "any further",
    "committee",
    "bevor",
    "avant de",
    "antes de",
    "need some",
    "sample",
    "arbeitsprobe",
    "muestras",
    "personnel",
    "your file",
    "visto tu",
    " ett",
    "flight",
    "airfare",
    "headcount",
    "take-home",
    "boleto",
    "travel",
    "fahrtkosten",
    "reisekosten",
    "frais de",
    "gastos de",
)
# Meeting the people who hire, asked of the reader, without the word interview ("come by
# and meet Howard", "spend an hour with a couple more of the people you'd work with",
# "passer nous voir", "conocer al equipo"): an interview when the message is about a job.
MEET_PEOPLE = rx(
    r"\b(?:come|coming|drop|stop|pop|swing|fly|flying) (?:in|by|over|up|back|down|round"
    r"|around|out)\b(?: [\w'.,:-]+){0,10}? (?:and|to|so (?:we|i) can)"
    r" (?:we(?:'ll| will| can) |i(?:'ll| will| can) )?(?:meet|see|talk|chat|visit|sit down"
    r"|spend)\b",
    # someone who hires wants to meet the reader ("the supervisor would like to meet you",
    # "I'd like you to meet two more people", "fly you up for a day with the team")
    r"\b(?:wants?|would (?:like|love)|'d (?:like|love)|wish(?:es)?) to (?:meet|see|sit down"
    r"|talk|speak|chat) (?:with |to )?you\b|\b(?:like|want|love) you to meet\b"
    r"|\b(?:wants?|would like) to see (?:somebody|someone)\b|\bhave you (?:talk|meet|sit down)"
    r" with\b"
    r"|\bsit down with (?:me|us|you)\b|\b(?:like|want|love) to get together\b"
    r"|\b(?:like|want|love) you to (?:spend (?:some |a little )?time|sit down|meet) with\b"
    r"|\b(?:like|want|love) you to come to (?:campus|our offices?|the office|headquarters)\b"
    r"|\b(?:two|three|a few|a couple of|some) more (?:conversations|meetings)\b",
    r"\b(?:bring|fly|have|get) you (?:in|up|down|out|over|into|back)\b(?: [\w'.,-]+){0,6}?"
    r" (?:for (?:a|an|the|another) (?:day|round|visit|meeting|chat|conversation|morning"
    r"|afternoon)|to (?:meet"
    r"|see|talk|spend))\b",
    r"\b(?:m[öo]chte|w[üu]rden?|wollen|m[öo]chten) (?:sie|dich) (?:gerne? )?(?:[\w,]+ ){0,6}?"
    r"(?:kennenlernen|treffen|sehen)\b|\b(?:sie|dich) (?:gerne? )?(?:pers[öo]nlich )?"
    r"(?:kennenlernen|kennen ?zu ?lernen|treffen) (?:m[öo]chte|m[öo]chten|w[üu]rde|will|wollen)\b",
    r"\b(?:souhaite|aimerait|voudrait|aimerions|souhaitons|voudrions|veut) (?:vous|te)"
    r" (?:rencontrer|voir)\b",
    r"\b(?:quiere|quieren|querr[íi]a|le gustar[íi]a|nos gustar[íi]a|me gustar[íi]a)"
    r" (?:conocerte|conocerle|conocerlo|conocerla|verte|verle)\b",
    r"\bcome (?:in|by|over|up|back|down) (?:and )?see (?:us|me)\b|\bcome (?:back )?in"
    r" (?:again|one day|for (?:a|another) (?:day|visit|round))\b",
    r"\b(?:meet|sit down|spend (?:some |more |a bit of )?time|spend an hour|talk|speak"
    r"|visit) with (?:a (?:few|couple)|some|two|three|several|more|the rest|other)"
    r" (?:more )?(?:of (?:us|the|our|my|his|her)|people|members|colleagues|partners"
    r"|managers)\b",
    r"\b(?:meet|see|talk to|talk with|speak with|sit down with) (?:with )?(?:our|my|the|his"
    r"|her) (?:\w+ ){0,3}(?:team|group|desk|partners?|hiring manager|department head|committee"
    r"|panel"
    r"|director|officer|vp|ceo|coo|cfo|cto|president|chief|board|founders?|principals?)\b",
    r"\bfor you to (?:meet|see|talk|speak|sit down|spend|come (?:in|by|over|up|down|see))\b"
    # (not "for you to meet her": the reader meets a candidate; "meet with him about the
    # role" is the reader's meeting)
    r"(?! (?:her|him|them|the candidates?)\b)|\b(?:meet|see) (?:you )?in person\b",
    r"\binvit\w* you (?:to|into) (?:our|the) (?:[\w-]+ ){0,3}(?:office|offices|headquarters|hq"
    r"|campus|site|plant|studio|floor)\b|\b(?:like|want|love) you to (?:visit|come (?:to|in|by"
    r"|and see)) (?:us|our)\b",
    # over a meal or a coffee ("take you to lunch before the hiring committee meets",
    # "grabbing coffee with me and our CTO", "breakfast with their CFO")
    r"\b(?:take|taking) you (?:out )?(?:to|for) (?:a )?(?:lunch|dinner|breakfast|coffee"
    r"|drinks?)\b|\b(?:grab|grabbing|get|getting|have|having|do|doing) (?:a |an |some )?"
    r"(?:quick )?(?:coffee|lunch|breakfast|dinner|drinks?|beers?) with (?:me|us|our|the|their"
    r"|my|his|her|him|them|a few|some|you)\b|\bjoin (?:me|us|them) for (?:a )?(?:lunch|dinner"
    r"|breakfast|coffee|drinks?)\b",
    r"\bzum (?:mittag|abend)?essen (?:\w+ ){0,3}(?:treffen|einladen|vorbeikommen|kommen)\b"
    r"|\b(?:dich|sie) (?:\w+ ){0,3}zum (?:mittag|abend)?essen einladen\b",
    r"\b(?:d[ée]jeuner|d[îi]ner|prendre un caf[ée]|boire un caf[ée]|petit-d[ée]jeuner) avec"
    r" (?:nous|moi|l'[ée]quipe|quelques|deux|trois)\b|\bque (?:vous|tu) rencontri?(?:ez|es)\b",
    r"\btomar(?:nos|te)? un caf[ée] con\b|\b(?:comer|almorzar|desayunar|cenar) con"
    r" (?:nosotros|nosotras|el equipo|parte del equipo|los socios|vos|usted|contigo)\b",
    r"\b(?:vorbeikommen|vorbeizukommen|vorbeischauen|vorbeizuschauen|vorbeikommst"
    r"|besuchen sie uns|besuch uns|bei uns vorbei)\b|\b(?:du lernst|sie lernen|lernst du"
    r"|lernen sie) (?:\w+ ){0,6}kennen\b",
    r"\b(?:team|kollegen|kolleginnen|vorstand|gesch[äa]ftsf[üu]hr\w*|abteilungsleit\w*"
    r"|partner\w*) (?:\w+ ){0,4}(?:kennenlernen|kennen ?zu ?lernen|treffen)\b",
    r"\b(?:passer (?:nous voir|me voir|au bureau|[àa] l'agence|au cabinet|dans nos locaux)"
    r"|venir (?:nous |me )?(?:voir|rencontrer))\b",
    r"\brencontrer (?:\w+ ){0,2}(?:l'[ée]quipe|nos|les associ[ée]s|quelques|deux|plusieurs"
    r"|notre|le directeur|la directrice)\b",
    # ("pásate el jueves por la mañana por la tienda y hablamos con la encargada")
    r"\bp[áa]s(?:ate|ese|aos|arte|arse) (?:[\w,:]+ ){0,6}?por (?:la|el|nuestra|nuestro)"
    r" (?:oficinas?|sede|despacho|estudio|tienda|local|f[áa]brica|planta|obra|restaurante|hotel"
    r"|taller)\b",
    r"\b(?:pasar(?:te|se)? por|venir(?:te)? a) (?:la |el |nuestra |nuestro |nuestras |las )?"
    r"(?:oficinas?|sede|despacho|estudio|tienda|local|f[áa]brica|planta)\b"
    r"|\bconocer (?:a |al )?(?:\w+ ){0,2}(?:equipo|socios|director\w*"
    r"|gerente|resto)\b|\breunir(?:te|se|nos) con\b|\b(?:venir|venirte|pasar|pasarte|pasarse"
    r"|acercarte|acercarse) a conocernos\b",
)
# The sender's own interview (a friend asking for a referral): not the user's.
SENDER_INTERVIEW = re.compile(
    r"\b(?:i'?ve got|i have|i had|i'?ve|got|i'?ve been invited to) an? (?:\w+ )?interview"
    r" (?:at|with|for|next|on|tomorrow|today|this)\b|\bmy (?:\w+ )?interview\b"
)
# Someone reviewing the user's application asks for the user's time ("Read your CV.
# Can you do 30 mins Thursday?"): a first conversation, even unnamed.
TIME_ASK = rx(
    r"\b(?:can|could) you do (?:\d+|a |an |half|mon|tue|wed|thu|fri|tomorrow|next|this)",
    r"\b(?:do|would|will) you have (?:some |a bit of |any )?time\b",
    r"\b(?:got|have|spare) (?:\d+|a few|fifteen|twenty|thirty) min(?:ute)?s?\b",
    r"\bwhich (?:window|slot|time|day|one) (?:works|suits)\b|"
    r"\bwhat does your (?:calendar|schedule|week|diary|availability) look like\b"
    r"|\b(?:can|could) you (?:pick|choose|suggest) a (?:morning|afternoon|day|time|date|slot)\b",
    r"\b(?:are|would) you (?:be )?(?:free|available) (?:on |this |next |tomorrow|today|mon"
    r"|tue|wed|thu|fri|for \d+|for half)",
    r"\bwhen (?:would|does|will) (?:\w+ )?(?:suit|work for) you\b",
    r"\b(?:h[äa]tten|haben|hast|h[äa]ttest) (?:sie|du) (?:(?!verst)[\w,.]+ ){0,12}zeit\b",
    r"\b(?:seriez|[êe]tes|serais|es)[- ](?:vous|tu) dispo",
    r"\bw[äa]ren sie (?:[\w.,]+ ){0,10}(?:verf[üu]gbar|frei)\b|\bw[äa]rst du (?:[\w.,]+ ){0,10}"
    r"(?:verf[üu]gbar|frei)\b|\b(?:estar[íi]as|estar[íi]a|estar[íi]ais) disponible",
    r"\b(?:tienes|ten[ée]s|tendr[íi]as|tiene|tendr[íi]a) (?:un )?(?:rato|hueco|tiempo)\b",
    # a number of minutes asked for ("¿tendrías 15 minutos mañana?", "grab a quick 20 minutes")
    r"\b(?:tienes|tendr[íi]as|tiene|tendr[íi]a|hast du|h[äa]ttest du|h[äa]tten sie|haben sie"
    r"|auriez-vous|aurais-tu|avez-vous|as-tu|got|have|spare|find|grab|borrow) (?:a |an )?"
    r"(?:quick |short |spare )?(?:\d+|quince|veinte|treinta|diez|zehn|f[üu]nfzehn|zwanzig"
    r"|dix|quinze|vingt|trente|a few|fifteen|twenty|thirty|about \d+|around \d+)[- ]?min",
    r"\bauriez[- ]vous (?:un (?:petit )?moment|quelques minutes|le temps|du temps)\b"
    r"|\baurais[- ]tu (?:un (?:petit )?moment|quelques minutes)\b",
    r"\b(?:vous seriez|tu serais|vous [êe]tes|tu es|t'es) dispo",
    r"\bany chance you(?:'re| are| would be)? (?:free|around|available)\b"
    r"|\bwould you be up for\b|\bare you around\b",
    # "can we connect for 30 minutes this week?"
    r"\b(?:can|could|shall) we (?:connect|chat|talk|speak|meet) (?:for|on|this|next|tomorrow"
    r"|today|later|mon|tue|wed|thu|fri)",
    # a small employer asks the applicant to drop by ("Kommen Sie doch am Montag vorbei")
    r"\b(?:kommen sie|komm|kommt) (?:doch |gerne? |einfach )?(?:[\w.,]+ ){0,10}vorbei\b",
)

# A conversation whose topic is a named job ("a call re the SRE role", "wegen der Stelle",
# "au sujet du poste", "por lo del puesto"): a call about a role is a screening call.
ROLE_TOPIC = rx(
    r"\bhiring (?:a|an|the|for (?:a|an|the)) (?:[\w/-]+ ){0,3}(?:manager|director|engineer|analyst"
    r"|developer|designer|scheduler|trader|accountant|associate|specialist|coordinator|lead"
    r"|assistant|clerk|supervisor|planner)\b",
    r"\b(?:re:?|about|regarding|concerning|on|for|discuss(?:ing)?) (?:the|your|our|this|that|a)"
    r" (?:[\w/-]+ ){0,4}(?:role|position|opening|vacancy|job|application)\b(?! of\b)",
    r"\b(?:wegen|bez[üu]glich|zu|f[üu]r|[üu]ber) (?:der|die|ihrer|deiner|unserer|eurer)"
    r" (?:[\w/-]+ ){0,3}(?:stelle|position|bewerbung)\b",
    r"\b(?:au sujet|[àa] propos|concernant|pour) (?:du|de la|le|la|votre|ta|de votre|de ta)"
    r" (?:[\w'/-]+ ){0,3}(?:poste|candidature)\b",
    r"\b(?:por lo del?|sobre (?:el|la|tu|su)|para (?:el|la)|respecto (?:al?|a la)|a la|al)"
    r" (?:[\w/-]+ ){0,3}(?:puesto|posici[óo]n|vacante|oferta|candidatura)\b",
)

# Hiring context: weak (any job talk) and strong (the user's own application).
HIRING = rx(
    r"\b(?:positions?|roles?|openings?|vacanc(?:y|ies)|jobs?|careers?|recruit\w*|talent"
    r"|hiring|candida\w*|applicants?|shortlisted|r[ée]sum[ée]|cv)\b",
    # what candidates send in to be judged
    r"\b(?:code|work|writing) samples?\b|\barbeitsproben\b|\bmuestras de (?:c[óo]digo|trabajo)\b",
    # British "the post of Administrative Assistant", "for this post"
    r"\b(?:the|this|that) post (?:of|as)\b|\b(?:for|to) (?:the|this|that) post\b",
    r"\b(?:stelle|stellen\w*|position|(?:initiativ|online|kurz)?bewerb\w*|recruit\w*"
    r"|personal(?:abteilung|wesen|er"
    r"|referent\w*)|kandidat\w*"
    r"|karriere|lebenslauf|beworben)\b|\(m/w/d\)|\(w/m/d\)|\(m/f/d\)",
    r"\b(?:poste|candidat\w*|recrut\w*|embauche|emploi|ressources humaines)\b",
    r"\bthank(?:s| you) for your interest\b(?! in (?:our|the) (?:product|service|newsletter"
    r"|webinar|event|offer|platform|app|course|programme|program))",
    r"\bsearch (?:associates|partners|consultants|group|firm)\b|\btemporary (?:services|staffing"
    r"|agency)\b|\bstaffing (?:manager|coordinator|specialist|consultant)\b|\bbring(?:ing)? you"
    r" on (?:permanent|full[- ]time|board)\b",
    r"\b(?:executive search|headhunt\w*|staffing (?:agency|firm|services|company)|temp[- ]to"
    r"[- ]perm|permanent placement|(?:job|internal|position) postings?)\b",
    # a company that says it hires ("we're looking for someone who...", "buscamos a alguien")
    r"\b(?:we(?:'re| are)|i(?:'m| am)) (?:currently )?looking for someone (?:who|to|with)\b"
    r"|\b(?:we|i) (?:really |badly |urgently )?need (?:someone|somebody) (?:who|to|with)\b"
    r"|\b(?:estamos buscando|buscamos) a alguien (?:que|para|con)\b|\bwir suchen (?:gerade"
    r" |aktuell )?jemanden\b|\b(?:nous cherchons|on cherche) quelqu'un\b",
    r"\b(?:search|hiring|selection|appointments?) committee\b|\bfaculty (?:search|position"
    r"|opening)s?\b|\btenure[- ]track\b",
    # the visit paid for, as employers pay a candidate's travel ("we'd cover the flights and
    # the hotel", "our travel desk can put you on the 7:05", "Fahrtkosten übernehmen wir")
    r"\b(?:we(?:'d| would| will|'ll)|the (?:firm|company|department) will) (?:cover|pay for"
    r"|reimburse|pick up|take care of) (?:the |your |all )?(?:flights?|airfare|travel|hotel"
    r"|travel expenses)\b|\bour travel (?:desk|people|department|agent)s? (?:can|will|to)"
    r" (?:put you|book you|call you|book)\b",
    r"\b(?:fahrt|reise)kosten (?:\w+ )?(?:übernehmen|erstatten) wir\b"
    r"|\b(?:übernehmen|erstatten) (?:wir )?(?:ihre|deine|die|ihnen die|dir die) (?:fahrt|reise)"
    r"kosten\b"
    r"|\bnous (?:prenons en charge|remboursons) (?:vos|tes|les) frais de (?:d[ée]placement"
    r"|voyage)\b|\b(?:cubrimos|pagamos) (?:los|tus|sus) gastos de (?:viaje|desplazamiento)\b",
    # the reader's profile found to fit ("nos encaja tu perfil", "Ihr Profil passt zu uns")
    r"\b(?:nos|me) (?:encaja|interesa|convence) (?:mucho )?(?:tu|su) perfil\b|\b(?:tu|su) perfil"
    r" (?:nos )?(?:encaja|interesa)\b|\boferta de (?:empleo|trabajo)\b|\b(?:ihr|dein) profil"
    r" passt\b|\b(?:votre|ton) profil (?:correspond|nous int[ée]resse)\b|\byour profile"
    r" (?:fits|matches)\b",
    r"\b(?:got|have|approved|opened) (?:the |a )?headcount\b|\b(?:your|the) take-?home\b"
    r"|\bcubrimos (?:el|tu|su) (?:boleto|billete|pasaje|vuelo)\b",
    r"\b(?:ha|han) visto tu (?:ficha|perfil|cv|curr[íi]culum)\b|\bempresa de trabajo temporal\b"
    r"|\bett\b|\bpersonnel (?:office|department|file)\b|\byour file from\b",
    r"\bmy clients?\b|\b(?:mein|unser)(?:em|en)? (?:mandant|kunde)(?:en|n)?\b"
    r"|\b(?:mon|notre) client\b|\bmi cliente\b",
    r"\b(?:puesto|posici[óo]n|vacante|candidat\w*|postula\w*|selecci[óo]n|reclut\w*|empleo"
    r"|recursos humanos)\b",
    r"\b(?:vaga|cargo|posizione|ruolo|selezione|vacature|functie|sollicitatie)\b",
    # an application for a job title ("Re: Application - Marketing Coordinator"): grants,
    # mortgages and partner programmes are applied for too, but not as a coordinator
    r"\b(?:application|bewerbung|candidature|candidatura)\b(?: (?:for|as|to|als|pour|para|de))?"
    r"(?: [-–:])?(?: (?:the|a|an|our|le|la|el|die|den|der|un|une))? (?:[\w/*-]+ ){0,3}"
    r"(?:manager|coordinator|engineer|developer|analyst|designer|assistant|specialist"
    r"|consultant|officer|lead|director|intern|administrator|accountant|technician|architect"
    r"|scientist|representative|executive|nurse|teacher|associate|werkstudent\w*|ingenieur\w*"
    r"|entwickler\w*|berater\w*|referent\w*|sachbearbeiter\w*|leiter\w*|d[ée]veloppeu\w*"
    r"|ing[ée]nieur\w*|charg[ée]e?|responsable|desarrollador\w*|ingenier[oa]|analista"
    r"|t[ée]cnic[oa]|jef[ea])\b",
    # before an offer is made, a candidate meets more people
    r"\b(?:before|ahead of) (?:we |i )?(?:put|make|making|putting|extend|extending|draw)"
    r" (?:up |together )?(?:an? |the |our )?(?:final )?offer\b|\bantes de avanzar con una"
    r" propuesta\b|\bavant qu'on formalise\b|\bbevor wir (?:\w+ ){0,3}angebot",
    # ... or before the decision on the reader ("before I make a final call on the posting",
    # "before we go any further", "avant de vous faire une proposition écrite")
    r"\bbefore (?:i|we) can (?:get|make|extend) (?:an?|the|our) offer\b"
    r"|\bbefore (?:we|i) (?:make|reach|take) (?:a|the|our|my|any) (?:final )?(?:call|decision)"
    r"\b|\bbefore (?:we|i) (?:go|take (?:this|it|things)) any further\b|\bbefore the (?:hiring"
    r"|selection|partners'?) (?:committee|meeting|decision)\b",
    r"\bbevor wir uns (?:\w+ ){0,2}entscheiden\b|\bbevor (?:wir|ich) (?:eine|die) (?:\w+ )?"
    r"entscheidung\b|\bavant de (?:vous|te) faire une (?:proposition|offre)\b|\bavant de"
    r" (?:prendre|finaliser) (?:notre|ma|une|la) d[ée]cision\b|\bantes de (?:cerrar|hacerte"
    r"|hacerle|tomar) (?:la|una) (?:propuesta|oferta|decisi[óo]n)\b",
    r"\b(?:people|colleagues) you(?:'d| would) (?:be )?work(?:ing)? with\b"
    r"|\bmit denen (?:sie|du) (?:\w+ ){0,3}(?:zusammen)?arbeiten\b"
    r"|\bavec qui (?:vous|tu) (?:travailleriez|travaillerais)\b|\bcon quienes trabajar[íi]as\b",
    # the candidate's portfolio (a design or creative application), and an application
    # made through a job board ("te has inscrito en nuestra oferta")
    r"\b(?:tu|dein|deinem|ton|votre|su) (?:portfolio|portafolio|portfolio)\b"
    r"|\b(?:te has|se ha) inscrito en (?:nuestra|la|esta) oferta\b",
    HIRING_PLAIN.pattern,
    r"\b(?:trainee\w*|praktik\w*|werkstudent\w*|engere[nr]? auswahl|summer associate|analyst"
    r" program|associate program|graduate program\w*)\b",
)
# A request for the user's CV ("send me your CV", "envoie-moi ton CV") is cold outreach
# asking for one, not an answer to the user's application: removed before the next rule.
CV_REQUEST = rx(
    r"\b(?:send|share|forward|email|e-mail|attach|pass|drop)(?: (?:me|us|over|across|along"
    r"|through))* (?:a copy of |an? )?(?:your|an) (?:updated |latest |current |recent "
    r"|up-to-date )?(?:cv|r[ée]sum[ée])\b",
    r"\b(?:envoie|envoyez|transmets|transmettez|envoyer|transmettre)(?:-moi|-nous| moi| nous|"
    r" me| m'| nous)? ?(?:votre|ton) (?:cv|curriculum)\b",
    r"\b(?:env[íi]a|env[íi]e|m[áa]nda|p[áa]sa)(?:me|nos)? (?:tu|su) (?:cv|curr[íi]culum)\b",
    r"\b(?:schick|schicken|senden|sende)\w* (?:sie )?(?:mir|uns) (?:\w+ )?(?:ihren|deinen)"
    r" (?:aktuellen )?(?:lebenslauf|cv)\b",
)
# The user's own application: the message is about the user as a candidate.
USER_APPLICATION = rx(
    r"\byour (?:(?:job|recent|online|\w+ job) )?(?:application|candidacy|candidature|cv"
    r"|r[ée]sum[ée])\b",
    r"\b(?:your|ihr|dein) interest in (?:the|our|joining)\b",
    r"\b(?:tu|su) inter[ée]s (?:en|por) (?:el|la|nuestr[oa]|trabajar|formar|unirte)\b"
    r"|\b(?:votre|ton) int[ée]r[êe]t pour (?:le|la|notre|l'|rejoindre)\b",
    r"\b(?:sie|du) (?:sich|dich) .{0,40}\bbeworben\b",
    r"\b(?:tu|su|ton|votre) (?:cv|curr[íi]culum)\b|\bpostularte\b|\bte postulaste\b"
    r"|\bur (?:cv|resume)\b",
    r"\byou (?:recently )?applied\b",
    r"\b(?:thank(?:s| you) for|after|following) (?:applying|your application)",
    r"\b(?:ihre|deine|eure) (?:bewerbung|unterlagen|kandidatur)\b",
    r"\bvotre candidature\b|\bta candidature\b",
    r"\b(?:tu|su) (?:candidatura|postulaci[óo]n|solicitud)\b",
    r"\bpostularte\b|\bpostularse\b",
    r"\b(?:por|de) (?:aplicar|haber aplicado) (?:a|para)\b|\baplicaste\b",
    r"\b(?:tu|su) aplicaci[óo]n\b",
    r"\b(?:sua|tua|la tua|la sua) candidatura\b|\b(?:je|uw) sollicitatie\b",
    r"\b(?:te has|se ha) inscrito en (?:nuestra|la|esta) oferta\b",
    # work the reader sent in to be judged ("thanks for sending over the code samples",
    # "gracias por mandarnos tu portfolio")
    r"\b(?:thank(?:s| you) for|after) (?:sending|forwarding|submitting)(?: over| us| me| along"
    r"| through| in)* (?:your|the) (?:portfolio|code samples?|work samples?|writing samples?)\b",
    r"\bgracias por (?:mandarnos|enviarnos|compartir|mandar|enviar)(?:nos)? (?:tu|su)"
    r" (?:portfolio|portafolio)\b|\bdanke f[üu]r (?:deine|ihre|dein|ihr) (?:arbeitsproben"
    r"|portfolio|mappe)\b|\bmerci (?:pour|de nous avoir (?:envoy|transmis)\w*) (?:votre|ton)"
    r" (?:portfolio|book|dossier)\b",
)
HIRING_STRONG = rx(
    r"\byour (?:job )?(?:application|candidacy|candidature)\b",
    r"\byou (?:recently )?applied\b",
    r"\bapplying (?:for|to)\b",
    r"\bhiring (?:manager|team|process)\b",
    r"\b(?:interview|recruiting|recruitment|hiring|selection) process\b",
    r"\bnext steps? (?:in|of) (?:the|our) (?:process|application)",
    r"\b(?:ihre|deine|eure) bewerbung\b",
    r"\bbewerbungs(?:prozess|verfahren)\b",
    r"\bauswahl(?:prozess|verfahren)\b",
    r"\bvotre candidature\b|\bta candidature\b",
    r"\bprocessus de (?:recrutement|s[ée]lection)\b",
    r"\b(?:tu|su) (?:candidatura|postulaci[óo]n|solicitud)\b",
    r"\bproceso de selecci[óo]n\b",
)

# English day words a proposal starts with ("how about Monday", "how about tomorrow").
DAY_WORDS = r"(?:mon|tue|wed|thu|fri)[a-z]*|tomorrow|today|next \w+|this \w+"

# The reader is asked to choose the day or give times: nothing is fixed yet, whatever
# was "agreed" on the phone before ("wie besprochen ... nennen Sie mir zwei, drei Termine").
_ASKS_DATES = (
    r"\b(?:send|give|tell|let) (?:me|us)(?: know)? (?:a few|some|two or three|a couple of"
    r"|your|several|possible) (?:\w+ )?(?:dates|days|times|windows|slots|availability|mornings"
    r"|afternoons|evenings)\b"
    r"|\bwhich (?:dates?|days?|times?) (?:would |will |might )?(?:work|suit)\b"
    r"|\bare you (?:free|available) (?:on |next |this )?(?:mon|tue|wed|thu|fri|the \d)",
    r"\b(?:nennen|schicken|senden|geben) sie (?:mir|uns) (?:\w+ ){0,3}(?:termine|terminvorschl"
    r"[äa]ge|zeitfenster|tage|zeiten)\b|\bwann (?:h[äa]tten|haben|passt) (?:sie|ihnen)\b"
    r"|\bk[öo]nn(?:en|ten) sie (?:mir|uns) (?:[\w,]+ ){0,4}(?:termin\w*|tage|zeitfenster)\b",
    r"\b(?:seriez|[êe]tes)-vous disponible (?:le|les|lundi|mardi|mercredi|jeudi|vendredi|\d)"
    r"|\b(?:indiquez|proposez|donnez|communiquez)-(?:moi|nous) (?:quelques|vos|deux|trois)"
    r" (?:cr[ée]neaux|dates|disponibilit[ée]s)\b",
    r"\b(?:ind[íi]ca(?:me|nos)|d[íi]me|dinos|p[áa]same|decime) (?:qu[ée]|cu[áa]ndo|tu|algunas"
    r"|un par de) (?:d[íi]as?|fechas?|horarios?|disponibilidad|te viene)",
)
ASKS_DATES = rx(*_ASKS_DATES)

# Someone asks the user to schedule or attend.
SCHEDULE = rx(
    # en
    r"\binvit(?:e|es|ing) you\b|\byou(?:'re| are| have been|'ve been) (?:cordially )?invited"
    r" to\b",
    r"\bany chance you(?:'re| are| would be)? (?:free|around|available)\b"
    r"|\bwould you be up for\b",
    r"\b(?:here (?:is|are)|below (?:is|are)) my (?:availability|available times|free slots)\b"
    r"|\blet (?:me|us) know (?:a|the) (?:day|date|slot)\b",
    r"\binvitation (?:to|for) (?:an? |your |the )?(?:\w+ ){0,3}(?:interview|call|chat)",
    r"\b(?:would|'d) (?:like|love) to interview you\b|\b(?:wants?|wish(?:es)?) to (?:interview"
    r"|meet) you\b",
    r"\bwhen you (?:could|can|would be able to|are able to) (?:join|make|do|meet|talk|speak)",
    r"\b(?:like|love|want) you to (?:come in|come by|come to|join us|attend|interview|meet"
    r"|sit down|spend (?:some )?time|talk|speak)",
    r"\bany chance you (?:want|could|can|would like|'d like) to\b|\bwhat (?:time|day|date)s?"
    r" (?:suits?|works?|would suit|would work)\b",
    # (not the candidate's own offer: "I would be glad to come in for an interview")
    r"(?<!glad to )(?<!happy to )(?<!pleased to )(?<!willing to )(?<!love to )(?<!able to )"
    r"\bcome (?:in|by|to our \w+) for an? (?:\w+ )?interview",
    r"\b(?:can|could|would) you (?:come in|come by|come to|attend|make it|join us)\b",
    # a slot to sign up for ("please sign up for a time slot on the scheduling page")
    r"\b(?:sign up|register|book|choose|pick|select|reserve) (?:for )?(?:a|an|your|one of the)"
    r" (?:[\w-]+ ){0,2}(?:time ?slot|slot|interview slot|interview time)s?\b",
    # asked to pick the day or book the session ("call Connie to pick a day for the
    # interview", "please sign up no later than Thursday", "the link to book your
    # technical screen")
    r"\bto (?:pick|choose|select|book|reserve|schedule|set up) (?:a|the|your) (?:[\w-]+ ){0,2}"
    r"(?:day|date|time)s? for (?:the|your|an?|our) (?:[\w-]+ ){0,2}(?:interview|screen|call"
    r"|visit|meeting)\b|\bplease sign up\b|\bsign up (?:no later than|by|before)\b",
    r"\b(?:link|page) (?:below )?to (?:book|schedule|pick|choose|reserve) (?:your|a|an|the)\b"
    r"|(?<!you )(?<!you've )(?<!already )\bbook your (?:[\w-]+ ){0,3}(?:screen|interview|call"
    r"|chat|session|conversation)\b",
    # "would you be able to come by Thursday", "can you be there at 1:30?"
    r"\b(?:can|could|would|will) you be able to (?:come|make it|join|meet|attend|stop|drop"
    r"|swing|fly|sit down)\b|\b(?:can|could) you be (?:there|here|at (?:our|the|my))\b",
    r"\bwe(?:'d| would)? (?:like to )?propose\b",
    r"\b(?:can|could) (?:you|we) (?:arrange|schedule|set up|book)\b",
    r"\b(?:can|could) you do (?:\d+|a |an |half|mon|tue|wed|thu|fri|tomorrow|next|this)",
    r"\b(?:do|would|will) you have (?:some |a bit of |any )?time\b",
    r"\b(?:respond|reply) to (?:the |this )?(?:interview )?request\b",
    r"\b(?:free|available|around) (?:for|to do) (?:an? |the )?(?:\w+ ){0,2}(?:call|chat|talk"
    r"|interview|zoom|conversation)\b",
    r"\b(?:hop|jump|get) on (?:an? |the )?(?:\w+ ){0,3}(?:call|zoom|chat)\b",
    r"\b(?:got|have|spare|find|grab|borrow) (?:a |an )?(?:quick |short )?(?:\d+|a few|five|ten"
    r"|fifteen|twenty|thirty)[- ]?min(?:ute)?s?\b",
    # older letters: a time is given and the user is asked to confirm attending
    r"\bconfirm (?:that |whether |if )?you (?:will be able to|can|could|are able to|will)"
    r" (?:attend|make it|come)",
    r"\bconfirm (?:your|that you) (?:attendance|availability|will attend)",
    r"\b(?:been )?allocated (?:a|an|the) (?:\w+ )?(?:time|slot)\b",
    r"\b(?:at your (?:earliest )?convenience|convenient (?:time|date|for you))\b",
    r"\b(?:whether|if) (?:this|that|the (?:date|time)) is convenient\b",
    r"\b(?:pleased|happy|delighted|grateful) if you (?:could|would|can) (?:attend|come|join)",
    r"\b(?:you|you to) (?:could |can )?attend (?:for |an? |the )?(?:\w+ )?interview",
    r"\b(?:what|how) does your (?:calendar|schedule|week|diary) look",
    r"\b(?:send|share|give) (?:me |us )?(?:over )?(?:a few|some|two or three) (?:\w+ )?(?:times"
    r"|dates|slots|windows|options)\b",
    r"\b(?:schedule|book|bring) you (?:in |back )?for\b",
    r"\bhow (?:does|do|would) (?:[\w:]+ ){1,4}(?:look|sound|work)\b",
    r"\b(?:a few|some|two or three|2-3|several) (?:time )?windows\b",
    r"\b(?:can|could) you (?:reply|respond|send|share|let me know) (?:\w+ ){0,3}(?:times?"
    r"|windows?|slots?|availability|dates?)",
    r"\b(?:better|best) for you\b|\b(?:works?|suits?) (?:you )?(?:better|best)\b",
    r"\b(?:would|'d) (?:like|love) to (?:invite|schedule|arrange|set up|book|meet|speak"
    r"|talk|chat|have|move forward|get)",
    r"\b(?:your|of your) availability\b",
    # older and formal letters ("kindly indicate a suitable time", "your preferred date")
    r"\b(?:kindly|please) (?:indicate|advise|suggest|propose|state|select|choose|nominate)"
    r" (?:\w+ ){0,3}(?:suitable|convenient|preferred|good) (?:time|date|slot|day)s?\b"
    r"|\byour preferred (?:time|date|slot|day)s?\b",
    r"\bwhen (?:are you|you are|would you be|you'?re|you'?d be) (?:free|available)",
    r"\b(?:are|would) you (?:be )?(?:free|available)\b",
    r"\bwhat (?:times?|days?|dates?) (?:would |will )?(?:work|suit)",
    r"\b(?:which|what) (?:of these |)(?:time|slot|option|day)s? (?:works?|suits?)",
    r"\b(?:does|do|would|will) (?:any of )?(?:these|this|that|the following|one of these)"
    r"(?: (?:times?|slots?|dates?|options?))? work",
    r"\bwork(?:s)? (?:best |well )?for you\b",
    r"\bsuit(?:s)? you\b",
    r"\b(?:schedule|book|pick|choose|select|grab|find|reserve|set up|arrange)"
    r" (?:a |an |your |the |some |one of the )?(?:\w+ ){0,2}(?:time|slot|interview|call"
    r"|meeting|chat|conversation|appointment)s?\b",
    # a day proposed as a question ("how about Monday at 3pm?"), the choice left open
    rf"\bhow about (?:{DAY_WORDS})\b|\bwhichever (?:is|works|suits)\b",
    rf"\bhow(?:'s| is| does| would) (?:{DAY_WORDS})\b",
    r"\b(?:can|could|shall) we (?:connect|chat|talk|speak|meet) (?:for|on|this|next|tomorrow"
    r"|today|later|mon|tue|wed|thu|fri)",
    r"\bself-?schedul",
    r"\bscheduling link\b",
    r"\b(?:use|click|via|through) (?:the |this |my )?(?:link|button)\b",
    r"\b(?:following|these|some|a few|several) (?:time[- ]?)?(?:slots|times|options|dates)",
    r"\b(?:propose|suggest)\w* (?:the following|some|a few|these|a time|times|dates)",
    r"\bplease (?:let (?:me|us) know|reply|respond|send|share|provide|indicate|confirm)"
    r" (?:\w+ ){0,3}(?:availability|time|slot|date|attendance|whether you)",
    r"\blet (?:me|us) know (?:when|what|which|a (?:few )?times?|if (?:any|one|this|that"
    r"|these|the following|you(?:'re| are| would be) available))",
    r"\b(?:let (?:me|us) know|confirm|tell (?:me|us)) (?:if|whether) you (?:can|could|will be able"
    r" to|are able to|would be able to) (?:attend|make it|come|join)\b",
    r"\b(?:move|moving|invite|inviting|progress|advance) (?:you )?(?:forward )?(?:to|with|into)"
    r" (?:an? |the )?(?:\w+ ){0,2}(?:interview|round|stage)\b",
    r"\bnext step (?:is|would be|will be) (?:an? |to (?:have |schedule |set up |book )?(?:an? )?)"
    r"(?:\w+ ){0,3}(?:interview|call|chat|conversation|meeting|screen)",
    # de
    r"\b(?:einladen|laden (?:wir )?(?:sie|dich|euch) .{0,150}\bein\b)",
    r"\beinladung (?:zu|zum|zur|f[üu]r)\b",
    r"\bterminvorschl[äa]g",
    # ("einen Termin über folgenden Link buchen")
    r"\btermin(?:e|en)? (?:[\w-]+ ){0,4}(?:zu )?(?:vereinbaren|vorschlagen|buchen|ausw[äa]hlen"
    r"|w[äa]hlen|finden|abstimmen|reservieren)\b",
    r"\b(?:ihre|deine|eure) verf[üu]gbarkeit",
    r"\bwann (?:sie|du) (?:zeit|verf[üu]gbar)",
    r"\bwann (?:w[äa]re|passt|h[äa]tten|h[äa]ttest|ist) (?:es )?(?:ihnen|dir|sie|du)\b"
    r"|\b(?:ihnen|dir) (?:recht|m[öo]glich)\b",
    r"\bmit (?:ihnen|dir|euch) (?:zu )?f[üu]hren\b",
    r"\b(?:passt|passen) (?:es |ihnen|dir)",
    r"\bzeit(?:fenster|slots?|raum)\b",
    r"\bw[äa]re (?:ihnen|dir|euch) .{0,60}\b(?:recht|m[öo]glich)\b",
    r"\b(?:such|w[äa]hl|buch)\w* (?:dir|sich|euch) .{0,40}\b(?:slot|termin|zeitfenster"
    r"|uhrzeit)\w*",
    r"\bbitten (?:wir )?(?:sie |dich )?(?:\w+ ){0,2}um (?:\w+ ){0,3}"
    r"(?:best[äa]tigung|r[üu]ckmeldung)\b",
    r"\b(?:h[äa]tten|haben|hast|h[äa]ttest) (?:sie|du) (?:(?!verst)[\w,.]+ ){0,12}zeit\b",
    r"\b(?:w[üu]rden|m[öo]chten) (?:wir|ich) (?:uns |mich )?(?:gerne? )?.{0,60}\b(?:mit (?:ihnen"
    r"|dir|euch)) (?:\w+ )?(?:austauschen|sprechen|unterhalten)",
    r"\bfolgende(?:n)? (?:termin|zeit)",
    r"\b(?:kennenlernen|kennen ?zu ?lernen)\b",
    r"\bbitte (?:w[äa]hlen|buchen|nennen|teilen|geben|best[äa]tigen) (?:sie|du)",
    r"\bschlagen (?:wir )?(?:ihnen|dir|euch)\b",
    r"\b(?:k[öo]nnen|k[öo]nnten|kannst|k[öo]nntest) (?:sie|du) .{0,60}(?:kommen|vorbeikommen"
    r"|teilnehmen)",
    # fr
    r"\b(?:vous|te|t') ?(?:inviter|convier|convoquer|rencontrer)\b",
    r"\binvitation (?:[àa]|pour) (?:un |une |votre )?(?:entretien|[ée]change|rencontre)",
    r"\b(?:vos|tes) disponibilit[ée]s\b",
    r"\b(?:seriez|[êe]tes|serez|serais|es)[- ](?:vous|tu) disponible",
    r"\bcr[ée]neaux?\b",
    r"\b(?:planifier|programmer|organiser|fixer|convenir|caler|r[ée]server|choisir)"
    r" (?:d'|un |une |le |la |l'|votre |ton |d'un )?(?:\w+ ){0,2}(?:entretien|rendez-vous"
    r"|[ée]change|appel|date|cr[ée]neau|heure|moment|rencontre)",
    r"\bprendre rendez-vous\b",
    r"\b(?:tu peux|pouvez-vous|vous pouvez|peux-tu|pourriez-vous|pourrais-tu) (?:passer|venir)\b",
    r"\bauriez[- ]vous (?:un (?:petit )?moment|quelques minutes|le temps|du temps)\b"
    r"|\b(?:voici|ci-dessous) mes disponibilit|\b(?:vous seriez|tu serais) dispo",
    r"\b(?:vous|te) convien",
    r"\bdispos?\b(?! (?:sur|en ligne|ici))|\bconfirmer (?:votre|ta) pr[ée]sence\b",
    r"\b(?:aimerions|souhaiterions|souhaitons|voudrions|aimerait|aimerais|voudrait"
    r"|souhaiterait) (?:bien |beaucoup )?(?:vous|te|t') ?",
    r"\bmerci de (?:nous |me )?(?:indiquer|confirmer|choisir|r[ée]server|s[ée]lectionner)",
    r"\b(?:je|nous) (?:vous|te) propos\w*",
    r"\b(?:pourriez|pouvez|pourrais|peux)[- ](?:vous|tu) (?:nous |me )?(?:venir|vous pr[ée]senter"
    r"|confirmer|indiquer)",
    # es
    r"\b(?:invitar(?:te|le|lo|la|os)|te invitamos|le invitamos|os invitamos)\b",
    r"\binvitaci[óo]n (?:a|para) (?:una |la |tu |su )?(?:entrevista|llamada|reuni[óo]n)",
    r"\b(?:tu|su) disponibilidad\b",
    r"\b(?:estar[íi]as|estar[íi]a|est[áa]s|est[ée]s|est[áa]|est[ée]) disponible",
    r"\bpara que (?:elijas|escojas|selecciones|reserves|agendes)\b",
    r"\b(?:agendar|programar|coordinar|concertar|fijar|reservar|elegir|seleccionar"
    r"|escoger) (?:una |la |un |el |tu |su )?(?:\w+ ){0,2}(?:entrevista|(?:video)?llamada"
    r"|reuni[óo]n|cita|hora|horario|fecha|franja|espacio)",
    r"\b(?:qu[ée]|cu[áa]l) (?:d[íi]a|horario|hora|momento|fecha|disponibilidad)",
    r"\b(?:te|le|os) (?:viene bien|vendr[íi]a bien|va bien|conviene|funciona|queda bien|encaja"
    r"|cuadra|va mejor)",
    r"\b(?:quiere|quieren|queremos|quisi[ée]ramos) (?:hacer|realizar|tener|mantener)(?:te|le)?"
    r" (?:una )?(?:\w+ )?entrevista",
    r"\b(?:se presente|pres[ée]ntese|pres[ée]ntate|ac[úu]da(?:se)?) (?:en|a|el|por)\b"
    # a convocation names the day ("vous présenter à l'accueil" is said in reminders too)
    r"|\b(?:prions|prie|pri[èe]re) de (?:bien vouloir )?vous pr[ée]senter (?:le|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|\d)"
    r"|\b(?:kommen sie|komm|kommt) (?:doch |gerne? |einfach )?(?:[\w.,]+ ){0,10}vorbei\b"
    r"|\b(?:vous|t') ?arrange(?:rait)?\b|\b(?:on peut|pourrait-on|peut-on) se caler\b"
    r"|\b(?:presentarse|presentarte|acudir|asistir) a (?:una |la |su |tu )?(?:\w+ )?entrevista"
    r"|\bconfirmar (?:su|tu) asistencia\b",
    r"\b(?:reply|respond|write back|get back to (?:me|us)) with your (?:first and second "
    r"|preferred |top )?(?:choices?|preferences?|dates?)\b|\byour first and second choices?\b",
    # availability asked for in a candidate portal ("complete the availability task")
    r"\b(?:complete|submit|fill (?:in|out)|enter|share|provide|update) (?:the |your |an? )?"
    r"availability\b",
    r"(?:^|[.!?:;-] )(?:please )?(?:come|swing|stop|drop|pop) (?:in|by|over|round|down)\b"
    r"|\bcall (?:[\w.]+ ){0,6}(?:and|to) (?:she|he|they|we)?(?:'ll| will)? ?(?:find|set up"
    r"|schedule|arrange|book) (?:a |some )?time\b|\bsend me a (?:time|day|date)\b"
    r"|\bplease accept or decline\b|\b(?:like|want|love) to sit down with you\b",
    r"\bpuedes ir\b|\bconf[íi]rm(?:ame|anos)\b|\bdinos (?:qu[ée]|cu[áa]l) d[íi]a\b",
    # informal notes: "can u come in tues at 2", "pick a time and send me a note",
    # "if you're interested come out Saturday", "¿nos podría indicar qué días...?"
    r"\bcan u (?:come|do|make)\b|\bare you avail(?:able)?\b|\b(?:pick|choose) a (?:time|day"
    r"|date)\b|\bif you(?:'re| are)"
    r" interested,? (?:come|swing|stop|drop|give me a call|call me)\b|\b(?:podr[íi]as?|puede"
    r"|puedes) indicar(?:nos|me)? (?:qu[ée]|cu[áa]ndo|su|tu)\b|\b(?:le|te) acomodar[íi]a",
    # a date to choose, put plainly ("stating which date you would prefer", "which of those
    # could you make?", "if Saturday is no good, tell me what is")
    r"\b(?:which|what) (?:date|day|time|slot)s? you (?:would )?prefer\b|\bwhich (?:of (?:those"
    r"|these|them)|one) (?:could|can|would) you (?:make|do)\b|\bif (?:[\w/.]+ ){1,2}(?:is|are)"
    r" no good\b",
    # a day proposed with a way out ("if that day doesn't suit, tell me what would")
    r"\bif (?:that|this|the) (?:day|date|time|slot)s? (?:doesn'?t|does not|don'?t|won'?t)"
    r" (?:suit|work)\b|\b(?:falls|wenn) (?:der|dieser|ihnen der) (?:termin|tag) nicht passt\b"
    r"|\bsi (?:cette|la) date ne (?:vous|te) convient pas\b|\bsi (?:ese|este) d[íi]a no"
    r" (?:te|le) (?:viene|va) bien\b",
    # "otherwise, tell me" after a time proposed ("jueves o viernes, si no decime vos")
    r"\bsi no,? (?:decime|dime|d[íi]game|avisame|av[íi]same|me dec[íi]s)\b",
    r"\b(?:ind[íi]ca(?:nos|me)|d[íi]me|dinos|p[áa]same|m[áa]ndame|env[íi]ame|me (?:pas[áa]s"
    r"|mand[áa]s|dec[íi]s|indic[áa]s)|decime|decinos|avisame|avisanos)\b.{0,40}"
    r"\b(?:franjas?|horarios?|disponib|d[íi]as?|fechas?|huecos?)",
    r"\bhorarios? disponibles?\b|\bfranjas? horarias?\b",
    # ("nos encantaría conocer tu opinión" asks for a survey answer, not a meeting)
    r"\b(?:nos|les|le|me) (?:gustar[íi]a|encantar[íi]a) (?:conocer(?! (?:tu|su|vuestra)"
    r" (?:opini|experiencia|valoraci))|invitar|hablar|agendar"
    r"|programar|tener|coordinar|mantener|realizar|hacer)",
    r"\b(?:tienes|tendr[íi]as|tiene|tendr[íi]a|hay) (?:un )?(?:hueco|tiempo|disponibilidad)",
    r"\b(?:te|le|os) propon\w*",
    r"\bdisponibilidade\b|\bdisponibilit[àa]\b|\bbeschikbaarheid\b",
    r"\bconvid[áa]-?l[oa]\b|\bconvidar (?:voc[êe]|o senhor|a senhora)\b|\binvitar(?:la|ti)\b"
    r"|\buit(?:te)?nodigen\b|\bnodigen (?:je|u) .{0,60}uit\b",
    r"\b(?:podr[íi]as|podr[íi]a|puedes|puede|podr[íi]ais) (?:venir|asistir|acudir|pasar)",
    r"\b(?:por favor|te pedimos|le pedimos),? (?:ind[íi]ca|confirma|elige|selecciona|reserva)",
    r"\b(?:le|te|os|les) (?:citamos|convocamos)\b|\brogamos (?:que )?confirm"
    r"|\b(?:citar|convocar)(?:te|le|lo|la|os)\b|\bconfirm(?:ar|e|es|en) (?:su|tu) asistencia\b"
    r"|\b(?:mi|meine) (?:disponibilidad|verf[üu]gbarkeit)\b",
    r"\b(?:agenda|reserva|elige|selecciona) (?:tu|su|una|la) (?:\w+ )?(?:entrevista|llamada|cita"
    r"|hora|horario)",
    # a plan sent for the reader to accept ("let me know if this will work for you")
    r"\blet (?:me|us) know (?:if|whether|is|that) (?:this|that|it|these|the (?:\w+ )?(?:date|time"
    r"|plan|itinerary|schedule|arrangement)s?) (?:will |would |still )?(?:work|suit|is convenient"
    r"|are convenient)",
    r"\bp[áa]s(?:ate|ese|en) (?:\w+ ){0,4}por (?:la|el|nuestra|nuestro)\b"
    r"|\b(?:seriez|[êe]tes|serez|serais|es)[- ](?:vous|tu) libre\b",
    r"\b(?:proponer(?:te|le|os)|nos gustar[íi]a proponer)\b"
    r"|\bqu[ée] tal (?:te|le|os) (?:viene|va)\b",
    r"\bconfirm (?:whether|if) (?:this|that|it|the (?:\w+ )?(?:time|date|slot)) (?:works|suits)"
    r"|\b(?:indicate|give|send|tell|let (?:me|us) know) (?:us |me )?your (?:\w+ ){0,4}(?:choice"
    r"|choices|preference|preferences) (?:of|for) (?:a )?(?:time|date|slot|day)",
    r"\bhow(?:'s| is) (?:mon|tue|wed|thu|fri)\w* (?:at|morning|afternoon)\b",
    r"\bschick(?:en sie)? (?:mir|uns) (?:doch )?(?:[\w,]+ ){0,3}(?:tage|termine|zeiten|slots"
    r"|zeitfenster|terminvorschl[äa]ge)\b"
    r"|\ban denen es (?:dir|ihnen|euch) (?:\w+ ){0,5}passt\b"
    r"|\b(?:elegir|escoger|reservar) el hueco\b"
    r"|\b(?:te|le|os) apetece\b",
    r"\b(?:hast du|h[äa]ttest du|haben sie|h[äa]tten sie) (?:\w+ )?lust\b|\bça (?:te|vous)"
    r" (?:dirait|tente(?:rait)?)\b",
    # asked loosely, the way people write between offices ("let me know a day", "tell me
    # which", "page me with a couple of times", "does thurs after the close work?")
    r"\blet (?:me|us|\w+) know (?:a |which |what |the best |your )?(?:day|date|time|one"
    r"|slot)s?\b|\btell (?:me|us) which\b|\b(?:a couple of|two or three) (?:times|dates|days"
    r"|slots)\b",
    r"\b(?:what|which) (?:days?|times?|dates?|mornings?|afternoons?) (?:do|would|will|could"
    r"|can) you (?:have |make |do )?(?:open|free|available|work)?\b",
    r"\bwhich (?:dates?|days?|times?) (?:are|is|would be|might be) (?:good|best|convenient|ok"
    r"|okay|free)\b|\bwhy don'?t you come\b|\bwould you (?:like to )?come\b",
    r"\b(?:can|could|would) you come (?:in|by|over|up|back|down|out)\b",
    r"(?:^|[.!?:;-] |\b(?:do|would) you )(?:want|like|care) to (?:come|swing|stop|drop|pop)"
    r" (?:in|by|over|up|down|round|out)\b|(?:^|[.!?:;-] )want to (?:grab|get|have) (?:a |an )?"
    r"(?:quick )?(?:coffee|lunch|breakfast|call|chat|drink)\b",
    # answering a list of times or a pasted notice ("can you make one of these?", "reply to
    # me to accept"), or a time the other side asked for ("can you do that??")
    r"\bcan you make (?:one|any|either) of (?:these|those|them)\b|\breply (?:to me |to us )?to"
    r" accept\b|\bif you need a different (?:day|date|time|morning|afternoon)\b|\bcan you (?:do"
    r"|make) (?:that|it)\s?\?|\b(?:give|send) me another (?:day|date|time)\b|\btell (?:me|us)"
    r" what(?:'s| is| would be) (?:easy|best|good|convenient) for you\b",
    r"\b(?:does|would|will) (?:[\w:.,]+ ){1,6}work(?: for you)?\s*\?",
    r"\bcontact (?:\w+ ){0,4}to (?:schedule|arrange|set up|book)\b",
    r"\b(?:sag|sagen sie|gib|geben sie) (?:mir|uns) (?:\w+ ){0,4}(?:bescheid|termin|tag|zeit)"
    r"|\bwann (?:h[äa]tten|haben|hast|passt|w[äa]re|k[öo]nnten|k[öo]nntest)\b"
    r"|\bwelche[rnms]? (?:tag|termin|zeit|wochentag)\w* (?:passt|w[äa]re|passen|ginge)\b",
    r"\bquand (?:seriez|[êe]tes|serais|es|pourriez|pourrais|pouvez|peux)[- ](?:vous|tu)\b"
    r"|\bquel(?:le)?s? (?:jour|date|cr[ée]neau|moment)s? (?:vous|te) (?:convien|conviendr"
    r"|arrange|irai)|\b(?:dites|dis)-moi (?:quand|quel|si)\b",
    r"\bcu[áa]ndo (?:te|le|os) (?:viene|vendr[íi]a|va|ir[íi]a) bien\b|\bcu[áa]ndo"
    r" (?:puedes|podr[íi]as|puede|podr[íi]a)\b|\bav[íi]s(?:ame|anos) (?:qu[ée]|cu[áa]ndo)\b",
    r"\bwelche[rnms]? (?:tag|termin|zeit|wochentag)\w* (?:\w+ ){0,4}(?:passt|passen|w[äa]ren?"
    r"|ginge)\b",
    # a one-way video interview is asked to be done by a deadline, by a button
    r"\binvit\w* you to complete (?:a|an|the|your) (?:[\w-]+ ){0,3}interview\b|\bcomplete"
    r" (?:it|the interview|your interview) (?:by|before|within)\b",
    r"\bl[äa]dt (?:sie|dich|euch) .{0,150}\bein\b|\bbitte schlie(?:ß|ss)en sie (?:[\w-]+ ){0,4}"
    r"(?:bis .{0,40})?ab\b|\b(?:video-?interview|interview) starten\b",
    r"\btrag (?:dir|dich|euch) .{0,80}\bein\b|\btragen sie sich .{0,80}\bein\b",
    r"\bempezar (?:mi|tu|la) entrevista\b|\b(?:tienes|tiene) de plazo\b|\b(?:commencer|d[ée]marrer)"
    r" (?:mon|votre|ton|l') ?entretien\b",
    r"\b(?:[êe]tes|seriez|serez|es|serais)[- ](?:vous|tu) joignable\b|\b(?:indiquer|donner"
    r"|communiquer) (?:un|votre|ton) num[ée]ro\b|\b(?:best|good) (?:number|time)"
    r"(?: and (?:number|time))? to (?:reach|call) you\b",
    *_ASKS_DATES,
)

# A slot: a day (name or date) with a clock time, as written in the four languages.
DAY = (
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|tomorrow|morgen|demain|ma[ñn]ana|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes"
    r"|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\.? (?:de )?(?:jan|feb|m[äa]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov"
    r"|de[cz]|janv|f[ée]v|mars|avr|mai|juin|juil|ao[ûu]t|sept|d[ée]c|ene|abr|ago|dic)[a-z]*"
)
TIME = r"\d{1,2}(?:[:.]\d{2})?\s?(?:[ap]\.?m\.?|uhr|h\d{0,2}\b)|\d{1,2}:\d{2}"
SLOT = re.compile(rf"\b(?:{DAY})\b[^\n]{{0,40}}?\b(?:{TIME})")

# Sentences that promise an interview only on a condition, or later.
HYPOTHETICAL = rx(
    # ("a call to see if there's a fit" is the call's purpose, not a condition on it)
    r"\b(?:(?<!see )(?<!out )(?<!explore )if|should|once|when|after|in case|in the event)\b"
    r".{0,120}\b(?:selected"
    r"|shortlisted|short-listed|successful|progress to|move forward|advance|meet (?:our|the)"
    r"|suitable|an? (?:good |strong )?(?:match|fit)\b"
    r"|(?:profile|experience|skills|background|qualifications) (?:match|fit|align)"
    r"|complete (?:the|your|our) (?:\w+ )?(?:assessment|test|challenge|exercise)|pass"
    r"|reviewed|decide to)",
    r"\b(?:we|a recruiter|someone|our team|the (?:hiring|recruiting) team|they|recruiters?)"
    r"(?: will| may| might| would|'ll) (?:\w+ ){0,2}(?:contact|reach out|be in touch"
    r"|get in touch|get back|follow up|notify)",
    r"\byou(?:'ll| will) hear (?:from|back)",
    r"\b(?:after|once|following) (?:which|that|this|completing|successful completion|you(?:'ve"
    r"| have)? complete|the (?:\w+ )?(?:assessment|test|challenge|exercise))",
    r"\bbefore (?:we|you|the team) (?:\w+ ){0,2}(?:schedul|invit|interview|move|proceed|book)",
    r"\bbevor wir\b|\bavant (?:de|d')(?:\s?\w+ ){0,2}(?:planifier|organiser|convier|inviter)"
    r"|\bantes de (?:agendar|programar|invitar|coordinar)",
    r"\b(?:falls|wenn|sofern|sollten?|nach (?:abschluss|pr[üu]fung|sichtung))\b.{0,120}"
    r"(?:passt|passen|[üu]berzeug|geeignet|in frage|entspricht|interess|weiter|ausgew[äa]hlt"
    r"|positiv|auswahl)",
    r"\b(?:werden|melden) (?:wir )?(?:uns )?.{0,40}\b(?:melden|kontaktieren|zur[üu]ckkommen)",
    # "gegebenenfalls": only if it comes to that
    r"\b(?:ggf\.|gegebenenfalls|eventuell)\s",
    r"\b(?:si|dans le cas o[ùu]|lorsque|une fois|apr[èe]s)\b.{0,120}(?:correspond"
    r"|retenu|s[ée]lectionn|ad[ée]quation|convient au poste|r[ée]pond|profil)",
    r"\b(?:nous reviendrons vers|nous vous recontacterons|nous vous contacterons"
    r"|reviendrons vers vous)",
    r"\b(?:si|en caso de que|cuando|una vez|despu[ée]s)\b.{0,120}(?:encaj|seleccionad"
    r"|ajust|cumpl|correspond|avanz|interes|revis)",
    r"\b(?:nos pondremos en contacto|te contactaremos|le contactaremos|te contactar[áa]"
    r"|nos comunicaremos)",
    # what may happen next, told as a possibility ("next steps may include an interview")
    r"\b(?:may|might|could) (?:include|involve|lead to)\b|\byou (?:will|may|might) be"
    r" (?:contacted|invited|called)\b|\bwill be (?:in touch|contacting you) (?:to|in order to)"
    r" (?:set up|schedule|arrange)",
    r"\bonce (?:\w+ ){0,3}(?:scheduled|invited|hired|interviewed|confirmed)\b",
)
# Any conditional: sentences with these are not read as cancellations or reschedules
# ("if you need to reschedule, use this link" is part of many invitations).
CONDITIONAL = rx(
    r"\b(?:if|should you|in case|in the event|falls|wenn|sollten|sofern|au cas|si|en caso"
    r"|unless)\b",
    r"\b(?:need|want|have) to (?:re-?schedule|cancel|change)\?",
    # An offered option ("you can reschedule with the same link") is not a change.
    r"\b(?:you|sie|du|vous|tu|usted) (?:can|may|will be able to|are able to|kannst|k[öo]nnen"
    r"|pouvez|pourrez|peux|puedes|puede|podr[áa]s|podr[áa])\b",
    # ("we have to cancel" is the sender's own statement, not an offered option)
    r"(?<!have )(?<!had )(?<!need )(?<!must )(?<!forced )\bto (?:re-?schedule|cancel)\b",
    r"\bum .{0,30}zu (?:verschieben|stornieren|absagen)\b",
)

# Interview related, not an invitation.
CANCEL = rx(
    r"\b(?:has|have|had) (?:been |had to be )?cancel+ed\b",
    r"\b(?:need|have|had|must|forced) to cancel\b",
    # (not a cancellation policy: "students who miss a scheduled interview lose...")
    r"\bcancel+(?:ed|ing|ation)\b(?! polic).{0,40}\binterview",
    r"\binterview.{0,40}\bcancel+(?:ed|ation)\b(?! polic)",
    r"\b(?:abgesagt|storniert|f[äa]llt .{0,30}aus)\b",
    r"\b(?:m[üu]ssen|muss|m[üu]sste) .{0,100}absagen\b",
    r"\babsage (?:des|unseres|ihres|deines|unserer|ihrer) (?:\w+ )?(?:termins|gespr[äa]chs"
    r"|interviews|vorstellungsgespr[äa]chs|verabredung)\b",
    r"\bannul(?:[ée]e?s?|er|ation|ons)\b",
    r"\bcancelad[ao]s?\b|\b(?:tenemos|debemos|necesitamos) que cancelar\b",
)
RESCHEDULE = rx(
    r"\bre-?schedul(?:e|ed|ing)\b",
    # calendar programs' words for a changed event (RFC 5546 3.2.2 with a higher SEQUENCE)
    r"\b(?:this|the) event has been (?:changed|updated)\b|^updated invitation\b"
    r"|\b(?:ge[äa]nderte|aktualisierte) einladung\b|\binvitation (?:modifi[ée]e|mise [àa] jour)"
    r"|\binvitaci[óo]n actualizada\b",
    r"\b(?:has been|have been|was|is being|been) (?:(?:moved|pushed)(?! (?:forward|ahead|on|along"
    r"|through|to (?:the|our) (?:next|final|second|third)))|postponed|shifted|brought forward)",
    r"\bmoved (?:from|to) \d",
    r"\b(?:move|moving|push|postpone|shift)\w* (?:our|your|the|this) (?:\w+ ){0,2}(?:interview"
    r"|call|meeting|chat|conversation)",
    r"\b(?:verschieben|verschoben|verlegen|verlegt|terminverschiebung|terminänderung)\b",
    r"\breport[ée]e?\b|\breporter (?:notre|votre|l'|le |la |cet)|\breprogramm\w*|\bd[ée]caler\b"
    r"|\bd[ée]plac\w* (?:notre|votre|l')",
    r"\breprogramar\w*|\breprogramad\w*|\baplaz\w+|\bpospon\w+"
    r"|\b(?:retrasar|adelantar) (?:\w+ ){0,2}(?:la|su|tu) (?:entrevista|cita|reuni[óo]n)\b"
    r"|\b(?:tiene|tendr[áa]|tenemos) que pasar(?:la)? a las\b"
    r"|\bcambiar (?:la fecha|el horario|la hora)",
    r"\b(?:mover|cambiar|pasar|correr) (?:la|nuestra|tu|su|el) (?:\w+ )?(?:entrevista|llamada"
    r"|reuni[óo]n|cita|charla)\b",
)
# The hiring side cannot keep an agreed slot and asks to move it: asked as a question
# ("could we move it to Thursday?"), so read in questions too.
SENDER_CHANGE = rx(
    r"\b(?:could|can|would|shall) we (?:move|push|shift|postpone|bring) (?:it|this|that)"
    r" (?:to|back|forward|by)\b",
    r"\b(?:won't|will not|can't|cannot|unable to|no longer) (?:be able to )?make (?:it to )?"
    r"(?:your|the|our) (?:\w+ )?(?:interview|call|meeting)",
    r"\b(?:k[öo]nnten|k[öo]nnen) wir (?:den termin |das gespr[äa]ch |es )?(?:auf|nach) .{0,40}"
    r"(?:verschieben|verlegen)",
    r"\b(?:pourrions|pouvons|pourrait|peut)[- ](?:nous|on) (?:le |la |l')?(?:d[ée]caler|d[ée]placer"
    r"|reporter)",
    # "would it be possible to move it to Friday?" in the other languages
    r"\bserait-il possible de (?:le |la |l')?(?:d[ée]caler|d[ée]placer|reporter)\b"
    r"|\bw[äa]re es m[öo]glich, (?:es |ihn |das gespr[äa]ch |den termin )?(?:\w+ ){0,3}"
    r"(?:zu verschieben|zu verlegen)\b|\b(?:ser[íi]a posible|podr[íi]amos) (?:moverla|pasarla"
    r"|cambiarla|aplazarla|retrasarla|adelantarla)\b",
    r"\b(?:podr[íi]amos|podemos) (?:moverla|moverlo|pasarla|pasarlo|cambiarla|cambiarlo)\b",
    # the sender asks to move the interview the two of them have ("move our interview")
    r"\b(?:possible|able) to (?:move|push|shift|reschedule|postpone) our (?:\w+ )?(?:interview"
    r"|meeting|call|appointment)\b|\b(?:unser|unseren) (?:\w+ )?(?:gespr[äa]ch|termin|interview)"
    r" (?:\w+ ){0,4}(?:verschieben|verlegen)\b|\bd[ée]caler notre (?:entretien|rendez-vous"
    r"|[ée]change)\b|\b(?:mover|cambiar|aplazar) nuestra (?:entrevista|reuni[óo]n|llamada)\b",
)
AGREED_EARLIER = rx(
    r"\bas (?:discussed|agreed|promised)\b",
    r"\bwie (?:telefonisch |bereits |gerade )?(?:besprochen|vereinbart|abgesprochen|abgestimmt)\b",
    # logistics for a visit already fixed ("ahead of your onsite on Monday")
    r"\b(?:ahead of|in preparation for|to prepare for) your (?:\w+ )?(?:interview|on-?site"
    r"|visit|interview day)s?\b",
    r"\bcomme (?:convenu|pr[ée]vu|discut[ée])\b",
    r"\bcomo (?:acordamos|quedamos|hablamos)\b",
    # a slot already in both calendars ("la entrevista que teníamos agendada")
    r"\bten[íi]amos (?:agendad|programad|previst|acordad|fijad)|\b(?:entrevue|entretien|rencontre)"
    r" pr[ée]vue?\b|\b(?:vereinbarte[snm]?|geplante[snm]?) (?:gespr[äa]ch|termin)",
)
CONFIRMED = rx(
    r"\b(?:is|has been|are|was|have been|'s) (?:now |all |officially )?(?:confirmed|booked"
    r"|(?:scheduled|set) for(?! (?:\d+|an?|one|half|about|approximately|around|up to) ?"
    r"(?:\d+ ?)?(?:min|hour|h\b))|locked in)",
    r"\b(?:interview|meeting|call|appointment|booking) (?:is )?(?:confirmed|confirmation)\b",
    r"\bconfirmed:",
    r"\b(?:i'?ve|we'?ve|i have|we have) (?:just )?sent (?:you )?(?:a |the )?(?:calendar )?invit"
    r"|\b(?:[ap]m|uhr) it is\b",
    r"\b(?:i'?ve|we'?ve|i have|we have) (?:now |just )?(?:locked in|booked you|confirmed)\b",
    r"\bthanks? (?:you )?for (?:sending|sharing|providing) (?:over )?your (?:availability|times)",
    r"\b(?:here is|here's|attached is|below is|please find) your (?:\w+ )?(?:itinerary"
    r"|schedule|agenda)\b",
    r"\byou(?:'re| are) (?:all set|confirmed|booked|scheduled)\b",
    r"\bthanks? (?:you )?for (?:scheduling|booking|confirming|selecting a time|choosing a time)",
    r"\bsee you (?:tomorrow|then|on|next|at|(?:mon|tues|wednes|thurs|fri)day)\b",
    r"\blook(?:ing)? forward to (?:speaking|meeting|seeing|talking|our (?:chat|call|meeting"
    r"|conversation)).{0,40}\b(?:tomorrow|today|then|on (?:mon|tue|wed|thu|fri)\w*)\b",
    r"\b(?:your |the )?upcoming (?:\w+ )?interview\b",
    r"\b(?:ist|wurde|sind|wurden) .{0,25}(?:best[äa]tigt|gebucht|eingetragen|vereinbart)\b",
    r"\bterminbest[äa]tigung\b",
    r"\b(?:je|nous) vous confirm\w*\b|\bich best[äa]tige\b|\b(?:te|le) confirmo\b",
    r"\bi(?:'m| am)? (?:just )?confirm(?:ing)? (?:your|our|the)\b",
    r"\b(?:hiermit )?best[äa]tigen wir\b|\bwir best[äa]tigen\b",
    r"\bnous (?:vous )?confirmons\b|\b(?:te|le) confirmamos\b",
    r"\bwe(?:'re| are)? (?:happy to |writing to )?confirm(?:ing)? (?:your|the)\b",
    r"\bbest[äa]tigung (?:ihres|deines|des|unseres) (?:termins|gespr[äa]chs|interviews)",
    r"\b(?:est|a [ée]t[ée]|sont|ont [ée]t[ée]) (?:bien )?(?:confirm[ée]|planifi[ée]"
    r"|programm[ée]|fix[ée]|r[ée]serv[ée])",
    r"\bconfirmation (?:de |du |d')(?:votre |l'|notre )?(?:entretien|rendez-vous|cr[ée]neau)",
    r"\b(?:ha sido|est[áa]|queda|qued[óo]|fue) (?:confirmad|agendad|programad|reservad)",
    r"\bconfirmaci[óo]n (?:de |del )(?:tu |su |la )?(?:entrevista|cita|reuni[óo]n)",
)
# Interview advice, practice and content about interviews in general.
ADVICE = rx(
    r"\b(?:mock|practice|sample|practise)\s(?:job\s)?interviews?\b",
    r"\binterview(?:ing)? (?:tips|guide|prep(?:aration)?|questions|skills|coaching|practice"
    r"|training|course)\b",
    r"\bhow to (?:prepare|ace|nail|run|design|conduct|pass|succeed|follow up|answer|handle"
    r"|negotiate|respond)\b",
    r"\b(?:every|any) (?:job )?interview\b|\bquestions to ask (?:at|in|during|your)\b",
    r"\btipps f[üu]r (?:ihr|dein|das) (?:vorstellungsgespr[äa]ch|interview)",
    r"\btips? (?:for|before|to ace|on|about) (?:your |the |a )?(?:next |upcoming )?(?:job )?"
    r"interview",
    r"\bconseils? (?:pour|de la semaine)\b|\bcomment r[ée]ussir\b",
    r"\bconsejos? (?:para|sobre|de) (?:(?:una|la|tu|cualquier|preparar|superar|bordar|afrontar)"
    r" )?(?:\w+ )?entrevistas?\b|\bc[óo]mo preparar\b",
)
YOUR_INTERVIEW = re.compile(
    r"\b(?:your|votre|ton|tu|su|ihr|dein|ihrem|deinem|ihres|deines)\s(?:\w+\s)?"
    r"(?:interview|entretien|entrevista|vorstellungsgespr[äa]ch)\w*",
)
# A one-way video interview, recorded by the candidate before a deadline: asked of the
# reader, never already held ("complete it by Friday", "bis zum 12. abschließen").
ONE_WAY_INTERVIEW = rx(
    r"\b(?:recorded|one-way|on-demand|pre-recorded|asynchronous) (?:video )?interview\b"
    r"|\bcomplete (?:it|the interview|your (?:video )?interview) (?:by|before|within)\b",
    r"\bzeitversetzte[sn]? (?:video-?)?interview\b|\bentretien vid[ée]o diff[ée]r[ée]\b"
    r"|\bentrevista (?:en )?(?:v[íi]deo )?(?:diferida|grabada)\b",
)
# The sentence itself asks the user to come to an interview: no other hiring word needed
# ("are you available tomorrow at 11 for an interview?").
ASKED_FOR = re.compile(
    r"\b(?:available|free|come in|make it|join us)\b[^.?!]{0,40}\bfor (?:an?|your|the) (?:\w+ )?"
    r"(?:interview|entretien|entrevista)\b"
    # an interview offered or proposed to the user ("we would like to offer you an interview",
    # "have you in for an interview", "je vous propose un entretien", "le proponemos una
    # entrevista"); media interviews are ruled out later by their own words
    r"|\b(?:offer|give|grant|have|bring|get) you (?:in |back )?(?:for )?(?:an?|the) (?:\w+ )?"
    r"interview\b"
    r"|\b(?:vous|te) (?:propos\w*|convions|convie|convoqu\w*) (?:[àa] )?(?:un|une|votre|ton|l')"
    r" ?(?:\w+ )?(?:entretien|entrevue|rendez-vous)\b"
    r"|\b(?:le|te|os|les) (?:propon\w*|ofrec\w*) (?:una|la) (?:\w+ )?entrevista\b"
    # job boards relay an employer's request ("Acme has requested an interview with you")
    r"|\brequest(?:ed|s|ing)? (?:an?|to) (?:\w+ )?interview(?: with)? you\b"
    # "you're invited to interview with Acme": the user is the one interviewed
    r"|\b(?:invited|invite you|invitation) to (?:an? )?interview\b(?! (?:a|an|the|our|some)"
    r" (?:candidate|applicant)s?\b)"
)
OUR_GESPRAECH = re.compile(
    r"\b(?:unser|ihr|dein|vereinbart|geplant)(?:e[snm]?|en)? (?:\w+ )?gespr[äa]ch"
)
# A subject that names an application ("Re: Product Designer application").
SUBJECT_APPLICATION = re.compile(
    r"\b(?:application|bewerbung|candidature|candidatura|postulaci[óo]n)\b"
)
GESPRAECH = re.compile(r"\b(?:\w+)?gespr[äa]ch(?:stermin)?\b")
INVITE_VERB = rx(
    r"\binvit(?:e|es|ing) you\b",
    r"\beinladen\b|\blad(?:en|e) (?:wir )?(?:sie|dich) .{0,150}\bein\b",
    # the hiring side (a client, a manager) wants to meet the user
    r"\b(?:would|'d) (?:like|love) to meet you\b|\bwants? to meet you\b",
    r"\b(?:would|'d) (?:like|love) to (?:speak|talk|chat) (?:with|to) you\b",
    r"\b(?:m[öo]chte|m[öo]chten|w[üu]rde|w[üu]rden) (?:sie|dich) (?:[\w-]+ ){0,6}kennen ?lernen\b",
    r"\bsouhait\w* (?:vivement )?vous rencontrer\b|\baimerai\w* (?:bien )?(?:vous|te) rencontrer",
    r"\b(?:quiere|quieren|queremos|quisiera|quisi[ée]ramos|desea|desean) conocer(?:te|le|la)\b",
    r"\b(?:vous|te|t') ?(?:inviter|convier)\b",
    r"\b(?:invitar(?:te|le|lo|la|os)|te invitamos|le invitamos)\b",
)
ASK = rx(
    r"\blet (?:me|us) know\b|\b(?:which|what) (?:one|works)\b",
    r"\blass(?:t)? (?:mich|uns)\b|\bsag (?:mir|uns)\b|\bwelche[rn]?\b",
    r"\bdites-(?:moi|nous)\b|\bdis-moi\b|\bmerci de\b|\bquel(?:le)?\b",
    r"\bd[íi]me\b|\bav[íi]same\b|\bind[íi]ca(?:me|nos)\b|\bcu[áa]l\b",
)
# A request to confirm ("please confirm your attendance", "wir bitten um Bestätigung des
# Termins") asks for an answer: the slot is proposed, not yet agreed.
CONFIRM_REQUEST = rx(
    r"\b(?:please|kindly|bitte|bitten|merci de|veuillez|rogamos|ruego|por favor|favor de"
    r"|agradecer\w*)\b.{0,60}\b(?:confirm|best[äa]tig|r[üu]ckmeldung)",
)
# Interviews that are not hiring interviews: with colleagues on leaving or on appraisal,
# and sales or advice talks. Read as an ordinary meeting before any rule runs.
OTHER_INTERVIEW = rx(
    r"\b(?:exit|stay|leaver'?s?|offboarding|informational|info) interviews?\b",
    r"\b(?:austritts|mitarbeiter|jahres|entwicklungs|zielvereinbarungs|beurteilungs|kunden"
    r"|beratungs|verkaufs|r[üu]ckkehr)gespr[äa]ch\w*",
    r"\bentretiens? (?:annuels?|professionnels?|de sortie|de d[ée]part|d'[ée]valuation"
    r"|pr[ée]alables?|de fin d'ann[ée]e)\b",
    r"\bentrevistas? de (?:salida|desempe[ñn]o|evaluaci[óo]n(?: del desempe[ñn]o)?"
    r"|seguimiento)\b",
    # a talk with the reader's own line manager is an appraisal, not a job interview
    r"\b(?:interviews?|entretiens?|entrevistas?|gespr[äa]ch\w*) (?:with|avec|con|mit) (?:your"
    r"|votre|ton|tu|su|ihrer|ihrem|deiner|deinem) (?:direct |line |direkten |direkte[rnm]? )?"
    r"(?:manager|managerin|responsable|n\+1|jefe|jefa|superior|f[üu]hrungskraft"
    r"|vorgesetzten|vorgesetzte[rnm]?)\b",
)
# Substrings without which APPRAISAL cannot match (a cheap prefilter).
APPRAISAL_WORDS = (
    "review",
    "apprais",
    "evaluation",
    "gespr",
    "beurteilung",
    "entretien",
    "revue",
    "evaluaci",
    "entrevista",
)
# An appraisal round: the "interview" booked is with the reader's own manager.
APPRAISAL = rx(
    r"\b(?:annual|yearly|mid-year|year-end|performance) (?:review|appraisal|evaluation)s?\b"
    r"|\bperformance (?:and development )?review\b|(?<!oral )\bappraisals?\b(?! boards?)",
    r"\b(?:mitarbeiter|jahres|beurteilungs|entwicklungs|zielvereinbarungs)gespr[äa]ch\w*"
    r"|\bleistungsbeurteilung\b",
    r"\bentretiens? (?:annuels?|professionnels?|d'[ée]valuation)\b|\brevue annuelle\b"
    r"|\bcampagne d'entretiens\b",
    r"\bevaluaci[óo]n (?:anual|del desempe[ñn]o|de desempe[ñn]o)\b|\bentrevistas? de"
    r" (?:desempe[ñn]o|evaluaci[óo]n)\b",
)
# A calendar event whose SUMMARY is an interview ("Interview - A. Example / Designer",
# "Entrevista: ...", "Technical interview"): RFC 5545 3.8.1.12, the event's own title.
OTHER_INTERVIEW_WORDS = (
    "informational",
    "info interview",
    "exit",
    "stay",
    "leaver",
    "offboarding",
    "gespr",
    "entretien",
    "entrevista",
    "your manager",
    "your line manager",
    "your direct manager",
)
CAL_INTERVIEW_SUMMARY = re.compile(
    r"^\W*(?:[\w-]+ ){0,2}(?:interview|entretien|entrevista|vorstellungsgespr[äa]ch"
    r"|bewerbungsgespr[äa]ch|kennenlerngespr[äa]ch)\w*\b"
)
# Applications for things other than jobs (flats, loans, grants, places at a school).
OTHER_APPLICATION = rx(
    r"\b(?:application|bewerbung|candidature|solicitud|anfrage|admission)\b (?:\w+ ){0,2}"
    r"(?:for|to|um|f[üu]r|an|pour|au|[àa]|para|de|a) (?:the |a |an |die |eine |den |einen |le "
    r"|la |l'|un |une |el |)(?:\w+ ){0,2}(?:flat|apartment|room|tenancy|mortgage|loan|grant"
    r"|scholarship"
    # a place to study: admission interviews are not job interviews (universities hire
    # too: see JOB_WORD below)
    r"|university|college|school|programme|master'?s?|mba|phd|doctorate|degree|fellowship"
    r"|universit[äa]t|hochschule|studiengang|studienplatz|universit[ée]|[ée]cole|formation"
    r"|universidad|m[áa]ster|grado|doctorado|beca"
    r"|wohnung|zimmer|mietwohnung|kredit|darlehen|stipendium|f[öo]rderung|logement"
    r"|appartement|pr[êe]t|bourse|subvention|piso|vivienda|habitaci[óo]n|pr[ée]stamo|beca"
    r"|subvenci[óo]n)\b"
    # ("an application for the primary school teacher post" is for a job)
    r"(?! (?:[\w-]+ )?(?:teacher|position|role|job|post|vacancy|opening|professor|lecturer"
    r"|assistant|administrator|coordinator|manager|officer|director|lehr\w*|stelle|poste"
    r"|puesto|profes\w*|enseignant\w*|docente))",
)
# A job named anywhere: a message that names one is not about a place to study.
JOB_WORD = rx(
    r"\b(?:position|role|job|post|vacancy|opening|lecturer|professor|researcher|postdoc"
    r"|stelle|poste|puesto|vacante|plaza|professeur|profesor|dozent\w*)\b"
)
# The next step of a selection, named without saying what it is.
STEP = rx(
    r"(?:next|following) step|n[äa]chste[nr]? schritt|prochaine [ée]tape"
    r"|(?:siguiente|pr[óo]xima) (?:etapa|paso)",
)
# A job title: in a subject or a calendar SUMMARY it names the job a message is about
# ("Siguiente etapa - Ingeniero de Software", "Alex Example <> Orbitale | Mobile Engineer").
JOB_TITLE = rx(
    r"\b(?:engineer|developer|designer|manager|analyst|architect|scientist|consultant"
    r"|specialist|accountant|coordinator|administrator|technician|sre|devops|werkstudent\w*"
    r"|associate|representative|intern|nurse"
    r"|entwickler\w*|ingenieur\w*|controller|d[ée]veloppeu\w*|ing[ée]nieur\w*|analyste"
    r"|desarrollador\w*|ingenier[oa]|analista|dise[ñn]ador\w*|berater\w*|referent\w*)(?:in)?\b",
)
# Literal stems the two patterns around need: a cheap test before the regex.
STUDY_WORDS = (
    "universit",
    "college",
    "school",
    "programme",
    "master",
    "mba",
    "phd",
    "doctora",
    "degree",
    "fellowship",
    "hochschule",
    "studien",
    "école",
    "ecole",
    "formation",
    "grado",
)
OTHER_APPLICATION_WORDS = (
    "flat",
    "apartment",
    "room",
    "tenan",
    "mortgage",
    "loan",
    "grant",
    "scholarship",
    "wohnung",
    "zimmer",
    "kredit",
    "darlehen",
    "stipend",
    "förder",
    "forder",
    "logement",
    "appartement",
    "prêt",
    "pret",
    "bourse",
    "subvention",
    "piso",
    "vivienda",
    "habitaci",
    "préstamo",
    "prestamo",
    "beca",
    *STUDY_WORDS,
)
NOT_A_JOB_WORDS = (
    "board",
    "trustee",
    "volunt",
    "committee",
    "council",
    "treasurer",
    "ehrenamt",
    "vorstand",
    "bénévol",
    "benevol",
    "junta directiva",
)
# Positions that are not jobs.
NOT_A_JOB = rx(
    # (a "search committee" or "hiring committee" hires: universities and boards say so)
    r"\b(?:trustees?|volunteer\w*|(?<!search )(?<!hiring )(?<!selection )committee|council"
    r"|treasurer|ehrenamt\w*"
    r"|b[ée]n[ée]vol\w*|voluntari\w*|junta directiva)\b",
    # a seat on a board, not a manager taking an offer "to the board"
    r"\bboard (?:seat|member\w*|position|role|of (?:directors|trustees|governors))\b"
    r"|(?<!you )(?<!him )(?<!her )\b(?:join|on|serve on|sit on|for|to) (?:the|our|a|its|their"
    r"|your) (?:\w+ )?board\b"
    r"(?! (?:with|for approval|for sign-?off|on (?:monday|tuesday|wednesday|thursday|friday)))",
    r"\b(?:vorstandsamt|vorstandsposten|vereinsvorstand)\b|\b(?:in den|im) vorstand (?:des"
    r"|eines|unseres|unserer) (?:\w+ )?(?:verein|verband|f[öo]rderverein|stiftung)\w*",
)
# A committee that hires: once it is named, "dinner with the committee" is the same one.
HIRING_COMMITTEE = rx(
    r"\b(?:search|hiring|selection|appointments?|recruiting) committee\b|\btenure[- ]track\b"
    r"|\bfaculty (?:search|position|opening)s?\b",
    r"\b(?:berufungs|auswahl|findungs)kommission\b",
    r"\b(?:comit[ée]|jury|commission) de (?:s[ée]lection|recrutement)\b",
    r"\b(?:comit[ée]|tribunal|comisi[óo]n) de (?:selecci[óo]n|contrataci[óo]n)\b",
)
# A subject that names a job ("Re: Vacante Project Manager", "Poste d'ingénieur - rencontre").
SUBJECT_ROLE = rx(
    r"\b(?:role|position|opening|vacancy|stelle|poste|puesto|vacante|cargo|posici[óo]n)\b",
)
# A calendar SUMMARY that pairs two sides ("A <> B", "A / B - Title", "A | B").
# A step of a hiring process, named in a calendar request titled with both sides ("Alex
# Example <> Northwind | R2 sys design", "[Tech] Alex E. x Octave – pair prog").
PROCESS_STEP = rx(
    r"\b(?:round (?:one|two|three|four|\d)|r[1-5]|(?:first|second|third|final|next|technical"
    r"|tech) (?:round|stage|step)|sys(?:tem)? design|pair[- ]?prog\w*|coding (?:session"
    r"|exercise)|onsite|on-site|role|position)\b",
    r"\b(?:deuxi[èe]me|troisi[èe]me|prochaine) [ée]tape\b|\b[ée]tape technique\b|\bposte\b"
    r"|\b(?:zweite|dritte|n[äa]chste|technische) runde\b|\bstelle\b"
    r"|\b(?:segunda|tercera) (?:ronda|fase|etapa)\b|\bronda t[ée]cnica\b|\bpuesto\b",
)
CAL_PAIRING = re.compile(r"<>|\s[-–|/x]\s")
# Webinars, information sessions and talent pools, named in a subject or calendar title:
# many are invited, nobody is interviewed.
WEBINAR = rx(
    r"\bwebinar\w*|\bwebinaire\b|\bseminario web\b|\binfo(?:rmation(?:al)?)? sessions?\b"
    r"|\binfoveranstaltung\b|\bonline-seminar\b|\btalent[- ]?(?:pool|community|network)\b"
    r"|\bvivier de talents\b|\bbolsa de talento\b",
)
REMINDER = rx(r"\breminder\b", r"\berinnerung\b", r"\brappel\b", r"\brecordatorio\b")
NOT_YET = rx(
    r"\b(?:have not|haven't|not yet|yet to) (?:\w+ ){0,2}(?:schedul|book|select|chos|pick"
    r"|respond|repl)",
    r"\bstill (?:need|waiting|pending)",
    r"\bnoch (?:keinen|nicht)\b",
    r"\bpas encore\b",
    r"\ba[úu]n no\b|\btodav[íi]a no\b",
)
# A time put forward by the writer ("then I suggest Thursday at 4:30").
PROPOSE = rx(
    r"\bi(?:'d| would)? (?:suggest|propose)\b|\b(?:how|what) about\b",
    r"\b(?:schlage ich|ich schlage)\b|\bje (?:vous |te )?propose\b"
    r"|\b(?:te|le|os|les)? ?propongo\b",
)
# A time to book, asked of the reader ("here's the link to book your technical screen").
BOOK_ASK = rx(
    r"\b(?:book|grab|pick|choose|select|reserve) (?:your|a|one|an?) (?:\w+ ){0,2}(?:slot|time"
    r"|screen|interview|call)s?\b",
    r"\b(?:buchen sie|buche|w[äa]hle|w[äa]hlen sie) (?:\w+ ){0,3}(?:termin|slot|zeitfenster)\b",
    r"\b(?:r[ée]servez|r[ée]serve|choisissez|choisis) (?:\w+ ){0,3}cr[ée]neau\b",
    r"\b(?:reserva|elige|escoge|reserve|elija) (?:\w+ ){0,3}(?:hueco|horario|franja|cita)\b",
)
# A next round: its invitation opens with thanks for the last conversation.
NEXT_ROUND = rx(
    r"\b(?:move|moving|progress|progressing|advance|advancing) you (?:forward|on|through)? ?to\b"
    r"|\b(?:next|second|2nd|third|3rd|final) (?:round|stage)\b|\bsecond interview\b",
    # more of the firm met after a first interview (a law firm's "callback")
    r"\bmeet (?:additional|more|other|further) (?:\w+ )?(?:partners|people|members|colleagues"
    r"|associates|managers|engineers)\b|\bcall-?back (?:interview|visit)s?\b",
    r"\bn[äa]chste(?:n)? runde\b|\bzweite(?:n)? runde\b|\bzweitgespr[äa]ch\b",
    r"\b(?:prochaine|deuxi[èe]me|seconde) [ée]tape\b|\b(?:second|deuxi[èe]me) entretien\b",
    r"\b(?:siguiente|segunda|pr[óo]xima) (?:fase|ronda|etapa)\b|\bsegunda entrevista\b",
    # a further conversation after the first interview
    r"\bfollow-?up (?:interview|conversation)\b|\bsecond (?:conversation|meeting|call)\b"
    r"|\bzweites gespr[äa]ch\b|\bsecond (?:[ée]change|rendez-vous)\b",
)
FEEDBACK = rx(
    r"\bfeedback (?:on|from|regarding|about) (?:your|the|our) (?:\w+ )?(?:interview|call"
    r"|conversation)",
    r"\bthanks? (?:you )?(?:again )?for (?:taking the time to )?(?:interview|meet|speak|talk|chat)"
    r"(?:ing)? (?:the team |us |everyone |me )?(?:with|to|yesterday|today|earlier|last"
    r"|this (?:morning|afternoon|week))\b",
    r"\b(?:following|after|since) (?:up on )?(?:your|our) (?:\w+ )?interview",
    r"\bhow did (?:your|the) interview go",
    r"\b(?:rate|about) your interview experience",
    r"\bfeedback zu (?:ihrem|deinem|dem|unserem) (?:gespr[äa]ch|interview)",
    r"\b(?:danke|vielen dank) f[üu]r (?:das|unser|ihr) (?:\w+ )?(?:gespr[äa]ch|interview)",
    r"\bretour (?:sur|suite [àa]) (?:votre|notre|l') ?entretien",
    r"\b(?:merci pour|suite [àa]) (?:notre|votre|cet|l') ?(?:entretien|[ée]change)",
    r"\b(?:comentarios|feedback|retroalimentaci[óo]n) (?:sobre|de) (?:tu|su|la|nuestra)"
    r" entrevista",
    r"\b(?:gracias por|tras|despu[ée]s de) (?:la|tu|su|nuestra) (?:\w+ )?entrevista",
    r"\b(?:participaste|particip[óo]|participated|took part|teilgenommen|particip[ée])\b.{0,30}"
    r"\b(?:entrevista|interview|entretien|gespr[äa]ch)",
)
GROUP_GREETING = re.compile(
    r"^(?:hi|hello|hey) (?:team|all|everyone|folks)\b|^hallo zusammen\b|^bonjour [àa] tous\b"
    r"|^hola (?:a todos|equipo)\b"
)
INTERVIEWER_SIDE = rx(
    r"\bcandidates (?:are )?(?:coming|for (?:the|our)|scheduled|lined up)",
    r"\bdebriefs?\b",
    # the reader asked to sit on a panel or sit in for a department
    r"\bsit on (?:the|a|our) (?:\w+ )?panel\b|\b(?:hi|hello) both\b|\bscoring sheets?\b"
    r"|\bals (?:vertreter|vertreterin) der fachabteilung\b|\bbei den (?:bewerbungs|vorstellungs)"
    r"gespr[äa]chen (?:\w+ ){0,6}dabei zu sein\b|\bformar parte del tribunal\b",
    r"^\s*(?:hi|hello|hey) (?:team|all|everyone|folks)\b|\bhallo zusammen\b"
    r"|\bbonjour [àa] tous\b|\bhola (?:a todos|equipo)\b",
    r"\byou(?:'ve| have) been (?:added|assigned|scheduled|invited) (?:as|to) (?:an? |the )?"
    r"(?:interviewer|interview panel|panel)",
    r"\binterview (?:kit|scorecard)\b|\bscorecard\b",
    # an agency offering the user candidates: the user hires
    r"\bcandidates? (?:for|who|that) (?:\w+ ){0,3}your (?:\w+ ){0,3}(?:role|position|team"
    r"|opening|vacancy|search|group|desk|department|unit|business)\b",
    r"\bplease (?:submit|complete|fill (?:in|out)) (?:your )?(?:feedback|scorecard|evaluation)"
    r" for",
    r"\byou(?:'re| are| will be)? (?:scheduled to )?interview(?:ing)? (?:the )?candidate",
    r"\binterview (?:a|the|our|this|that|one|two|three|\d+|some|these|both) (?:\w+ )?"
    r"(?:candidates?|applicants?)\b",
    r"\b(?:als|zum) interviewer\b|\bbewerter\b|\binterviewleitfaden\b",
    # the reader is asked to sit on the hiring side ("can you sit in on the interview",
    # "beim Interview dabei sein", "faire partie du jury", "formar parte del panel")
    r"\bsit in on (?:the|an?|my|our|his|her|this|that) (?:\w+ ){0,2}(?:interview|screen|panel"
    r"|loop|onsite)s?\b|\bbe on (?:the|my|our|an?) (?:interview )?panel\b",
    r"\b(?:beim|bei dem|im) (?:\w+ )?(?:interview|gespr[äa]ch)\b(?: [\w.,]+){0,4} dabei (?:sein"
    r"|sitzen)\b|\bden (?:technischen|fachlichen) teil (?:\w+ ){0,2}[üu]bernehmen\b",
    r"\bfaire partie du jury\b|\b(?:formar|formes) parte del (?:panel|tribunal|comit[ée])\b",
    r"\ben tant qu'(?:intervieweur|[ée]valuateur|recruteur)\b|\bgrille d'[ée]valuation\b",
    r"\bcomo entrevistador\b|\bevaluador(?:a)? de\b",
)

# Sales calls: vendors of hiring tools write about interviews and offer calls too.
SALES = rx(
    r"\b(?:a |quick |short |free |live |product |personali[sz]ed |\d+[- ]?min(?:ute)? )demo\b"
    r"|\bbook a demo\b|\bfree trial\b|\baccount executive\b|\b(?:our|see|custom|special"
    r"|enterprise|volume) pricing\b|\bpricing (?:page|plans?|tiers?|options|details|information"
    r"|sheet|model)\b",
    r"\b(?:kurze|kostenlose|unverbindliche) (?:produkt)?demo\b|\bd[ée]mo (?:gratuite|rapide)\b"
    r"|\buna demo\b|\bdemostraci[óo]n\b",
)

# Stems every SALES alternative contains: a cheap test before the regex.
SALES_WORDS = ("demo", "démo", "pricing", "trial", "account executive", "demostraci")

# Hard negatives.
REJECTION = rx(
    r"\b(?:not|won't|will not|unable to|decided not to) (?:be )?(?:moving|move|proceed"
    r"|progress|go|going)(?:ing)? (?:forward|further|ahead)",
    r"\b(?:decided|chosen|chose|opted) to (?:pursue|move forward with|proceed with|go with)"
    r" (?:other|another|a different)",
    r"\bnot (?:been )?selected\b|\b(?:decided|chosen) not to (?:proceed|progress|continue)\b",
    r"\bposition has been filled\b|\brole has been filled\b",
    r"\b(?:decidimos|hemos decidido) (?:avanzar|seguir|continuar) con otra? (?:persona|candidat\w*"
    r"|perfil)\b",
    r"\b(?:decided|chosen|chose|opted) to offer (?:the|this) (?:\w+ )?(?:position|role|job|post)"
    r" to (?:another|a different|an?other) (?:\w+ )?(?:candidate|applicant|person)\b"
    r"|\b(?:on this occasion|at this time),? (?:we have|we've|we) (?:decided|chosen) (?:not|to"
    r" offer)\b",
    r"\bregret to inform\b",
    r"\bwe (?:will|won't) not be (?:progressing|proceeding|continuing)",
    r"\b(?:not|won't|will not|unable to) (?:be )?(?:taking|progressing|moving|putting)"
    r" (?:your application|your candidacy|you) (?:any )?(?:further|forward)",
    r"\b(?:leider|bedauerlicherweise)\b.{0,120}(?:absage\b|nicht (?:weiter )?ber[üu]cksichtig"
    r"|anderen? (?:kandidat|bewerber)|nicht (?:in die engere|weiter)|entschieden)",
    r"\bnicht (?:weiter |mehr |l[äa]nger )?(?:zu )?ber[üu]cksichtig",
    r"\bf[üu]r (?:eine[nr]? )?(?:andere[nr]?|anderweitige[nr]?) (?:kandidat|bewerber|besetzung)"
    r"\w* entschieden",
    r"\bf[üu]r (?:eine[nr]?|die|den) (?:kandidat|bewerber)\w*(?: [^.?!]{0,60})? entschieden"
    r"|\b(?:decided|chosen|chose|opted) to (?:go|move forward|proceed|continue) with (?:a|another"
    r"|a different|an? (?:\w+ )?internal) (?:\w+ )?(?:candidate|applicant)\b"
    r"|\bnous avons (?:choisi|retenu) (?:un|une) (?:autre )?(?:candidat|profil)"
    r"|\bhemos (?:decidido|optado) (?:por|seguir con|continuar con) (?:otr[oa]s?|un[a]?)"
    r" (?:candidat|perfil)",
    r"\bne (?:pas |plus )?(?:pouvons|pourrons) (?:pas )?donner suite\b|\bpas [ée]t[ée] retenue?\b",
    r"\b(?:malheureusement|regret)\b.{0,120}(?:autre (?:candidat|profil|personne)|pas retenu"
    r"|donner suite)",
    r"\b(?:choisi|d[ée]cid[ée]|pr[ée]f[ée]r[ée]) de (?:poursuivre|continuer|avancer) avec"
    r" (?:un |une )?autre",
    r"\b(?:lamentablemente|lamentamos|desafortunadamente)\b.{0,120}(?:otr[oa]s? (?:candidat"
    r"|perfil)|no (?:ha|has|hemos)|no continuar|no seguir)",
    r"\b(?:decidido|optado por|elegido) (?:continuar|seguir|avanzar) con otr[oa]s?\b",
    r"\bno (?:has|ha) sido seleccionad",
    r"\b(?:unable|not able) to (?:invite|offer) you\b|\bnot (?:be )?(?:inviting|invite) you\b",
    r"\b(?:sie|dich) nicht (?:zu|f[üu]r) .{0,60}einladen",
    r"\bne (?:pouvons|pourrons) pas (?:vous|te) (?:inviter|convier|proposer|recevoir)",
    r"\bno (?:podemos|podremos) (?:invitarte|invitarle|ofrecerte|ofrecerle|continuar)",
    # the candidate is "not the strongest match" or others were chosen
    r"\b(?:decided|chosen|chose|opted) to (?:proceed|continue|move forward|go ahead) with other"
    r"|\bnot (?:the|a) (?:strongest |right |best |good )?(?:match|fit)\b(?! for you)"
    r"|\bunfortunately\b.{0,120}\b(?:decided|other (?:candidates|applicants)|not (?:be )?"
    r"(?:moving|proceeding|progressing|able to offer))",
    r"\b(?:d[ée]cision|d[ée]cid[ée]) de ne pas (?:poursuivre|donner suite|retenir)"
    r"|\bne (?:poursuivrons|donnerons|retiendrons) pas\b",
    r"\bno (?:seguir|continuar) (?:adelante )?con (?:tu|su) (?:candidatura|proceso)",
    # the closing wishes of a rejection ("best of luck in your job search")
    r"\b(?:best of luck|good luck|every success|all the best|the best|success) (?:in|with|for)"
    r" your (?:job )?(?:search|future (?:endeavou?rs|career|job search)"
    r"|career (?:search|journey))\b"
    r"|\bviel erfolg (?:bei|f[üu]r) (?:ihre|deine|ihrer|deiner) (?:weitere[n]? )?(?:jobsuche"
    r"|stellensuche|berufliche[n]? zukunft)\b|\bbonne (?:continuation|chance) dans (?:vos|tes)"
    r" (?:recherches|projets professionnels)\b|\b(?:[ée]xito|suerte) en (?:tu|su) b[úu]squeda\b",
)
OFFER = rx(
    # (not "pleased to extend an invitation to interview")
    r"\b(?:pleased|happy|delighted|excited|thrilled) to (?:offer|extend)"
    r"(?! (?:you )?(?:an |this |our |the )?invitation)",
    r"\boffer (?:letter|of employment)\b",
    r"\b(?:job|employment|formal|written) offer\b",
    r"\bextend (?:you )?an offer\b",
    r"\b(?:vertragsangebot|arbeitsvertrag|jobzusage)\b",
    r"\bfreuen uns,? (?:ihnen|dir) .{0,60}(?:anbieten|anzubieten|angebot)",
    r"\b(?:promesse|proposition|lettre d'offre|offre) d'embauche\b",
    r"\bcarta (?:de )?oferta\b|\bnos complace ofrecer",
)
APPLICATION_RECEIVED = rx(
    r"\b(?:received|receipt of) your (?:job )?application\b",
    r"\bthank(?:s| you) for (?:applying|submitting your application)",
    r"\bapplication (?:has been |was )?(?:received|submitted)\b",
    r"\beingangsbest[äa]tigung\b",
    r"\b(?:viewed|opened) your application\b|\bapplication (?:was|has been) viewed\b",
    r"\b(?:bewerbung|unterlagen) (?:ist |sind )?(?:bei uns )?(?:eingegangen|erhalten)",
    r"\b(?:bien )?re[çc]u (?:votre|ta) candidature\b|\baccus[ée] de r[ée]ception\b",
    r"\bhemos recibido (?:tu|su) (?:candidatura|solicitud|postulaci[óo]n|cv)",
)
CODING_TEST = rx(
    r"\b(?:coding|programming|technical|online) (?:challenge|test|exercise|assessment|task)",
    r"\btake[- ]home\b",
    r"\b(?:hackerrank|codility|codesignal|testgorilla|coderbyte|hackerearth|leetcode)\b",
    r"\b(?:programmieraufgabe|testaufgabe|coding[- ]challenge|online[- ]test|fallstudie)\b",
    r"\b(?:test|exercice) (?:technique|en ligne)\b|\bprueba (?:t[ée]cnica|de c[óo]digo)\b",
    # personality and aptitude questionnaires stand before an interview in the same way
    r"\b(?:personality|psychometric|aptitude) (?:test|questionnaire|assessment)"
    r"|\bpers[öo]nlichkeits(?:test|fragebogen)|\b(?:questionnaire|test) de personnalit"
    r"|\b(?:cuestionario|test) de personalidad|\bprueba psicot[ée]cnica",
)
ALERT = rx(
    r"\bjob alerts?\b",
    r"\b(?:new |recommended |suggested )?jobs? (?:you may|you might|for you|matching|near you)",
    r"\b(?:jobs?|roles|positions) (?:that )?match(?:es|ing)? your",
    r"\bjobempfehlung|\bneue jobs\b|\bjobs f[üu]r (?:sie|dich)\b|\bstellenangebote f[üu]r\b",
    r"\balerte[- ]emploi\b|\boffres? (?:d'emploi )?(?:qui|pour vous|recommand)",
    r"\balertas? de empleo\b|\bofertas? (?:de empleo )?(?:para ti|recomendadas|que)",
)
OUTREACH = rx(
    r"\bcame across your (?:profile|background|resume|work)",
    r"\b(?:open|interested) (?:to|in) (?:new |exploring |hearing about |other )"
    r"(?:\w+ )?(?:opportunit|roles|positions|challenges)",
    r"\bare you (?:currently )?(?:open|looking)\b",
    r"\byour (?:profile|background|experience) (?:caught|stood|stands|jumped)",
    r"\b(?:ihr|dein) profil (?:ist mir|hat mich|hat uns)",
    r"\bauf (?:ihr|dein) profil (?:gesto|aufmerksam)",
    r"\boffen f[üu]r (?:eine |neue )?(?:neue )?(?:herausforderung|m[öo]glichkeit|position)",
    r"\bvotre profil (?:m'a|nous a)|\bouvert(?:e)? [àa] (?:de nouvelles|une nouvelle)",
    r"\b(?:tu|su) perfil (?:me|nos) (?:llam|ha llam|interes)",
    r"\babiert[oa] a (?:nuevas )?oportunidad",
    # interest asked for before anything else ("Would you be interested? If so, ...")
    r"\bwould you be (?:at all )?interested\b|\bif (?:so|you(?:'re| are) interested),"
    r"|\b(?:h[äa]ttest du|h[äa]tten sie) (?:grunds[äa]tzlich )?interesse\b"
    r"|\b(?:seriez-vous|serais-tu) int[ée]ress[ée]|\bte interesar[íi]a\b|\ble interesar[íi]a\b",
    # an agency's intake: the recruiter wants to know the user's plans, no employer named
    r"\bconducting (?:\w+ )?searches\b|\bmatch you (?:to|with) (?:\w+ )?(?:opportunit|roles"
    r"|positions|openings)|\byour (?:next|ideal) (?:position|role|career move|job)\b",
)
EVENT = rx(
    r"\b(?:career|job|recruiting|hiring) (?:fair|event|day|expo|open house)\b",
    r"\bwebinars?\b|\binfo(?:rmation(?:al)?)? sessions?\b|\bopen house\b|\bmeetups?\b(?!-)",
    # (not "sign up for an interview time": a campus first round)
    r"\b(?:register|sign up|rsvp) (?:now|here|today|for)\b(?! (?:an? |your |the )?(?:\w+ )?"
    r"(?:interview|slot|time))",
    r"\b(?:karriere|job|recruiting)[- ]?(?:messe|tag|event)\b|\binfoveranstaltung\b",
    r"\bsalon (?:de l'emploi|du recrutement|de l'alternance)\b|\bforum (?:emploi|entreprises)\b"
    r"|\bwebinaire\b|\bjob ?dating\b",
    r"\bferia de empleo\b|\bjornada de puertas abiertas\b|\bseminario web\b",
    r"\b(?:careers?|open|recruiting|networking|alumni) (?:evening|night|reception|breakfast"
    r"|mixer)\b|\b(?:karriere|info)abend\b|\bsoir[ée]e (?:carri[èe]res?|recrutement)\b",
    # a talent pool or community joined: no interview is asked
    r"\btalent[- ]?(?:pool|community|network)\b|\bvivier de talents\b"
    r"|\bbolsa de talento\b",
)
MEDIA = rx(
    r"\bpodcast\b",
    r"\b(?:our|the|an?|this) (?:show|episode|article|magazine|documentary|publication)\b",
    r"\b(?:journalist|magazine|newspaper)\b|\b(?:a|an|the|as|our) reporter\b"
    r"|\bpress (?:interview|inquiry|request)",
    # a reporter's request ("I'm writing a piece on...", "on background", "my deadline")
    r"\b(?:staff|senior|business|energy|markets?) (?:reporter|writer|correspondent)\b"
    r"|\bwriting (?:a|an) (?:piece|story|article|feature|column)\b|\bon (?:deep )?background\b"
    r"|\bmy (?:deadline|editor)\b|\b(?:f[üu]r (?:einen|meinen) (?:artikel|beitrag|bericht)"
    r"|pour (?:un|mon) (?:article|reportage)|para (?:un|mi) (?:art[íi]culo|reportaje))\b",
    # an academic study ("doctoral candidate", "Institutional Review Board", consent forms)
    r"\b(?:doctoral|phd|ph\.d\.|graduate) (?:candidate|student|researcher)\b|\binstitutional"
    r" review board\b|\bconsent form\b|\bdoktorand\w*|\bdoctorant\w*|\bdoctorand[oa]\b",
    r"\b(?:user|ux|customer|market) research\b|\bresearch (?:study|participant|session)",
    # students and researchers interview people for a thesis or a study
    r"\b(?:my|a|our) (?:thesis|dissertation|bachelor'?s? thesis|master'?s? thesis|research"
    r" project)\b|\b(?:meine[rn]?|eine[rn]?) (?:bachelor|master|abschluss)?arbeit\b"
    r"|\b(?:mon|ma|notre) (?:m[ée]moire|th[èe]se)\b|\b(?:mi|nuestro|nuestra) (?:tesis|tfg|tfm)\b",
    r"\busability\b|\bparticipate in (?:a|our) (?:study|research|survey)",
    r"\bgift ?card\b|\bcustomer (?:interview|feedback)\b",
    r"\b(?:studie|nutzerforschung|umfrage|journalist\w*|redaktion|gutschein)\b",
    r"\b(?:[ée]tude(?! de cas)|journaliste|recherche utilisateur|bon d'achat|[ée]mission)\b",
    # ("pásate por el estudio": a design studio is a place, not a study)
    r"(?<!por el )(?<!en el )(?<!al )(?<!nuestro )(?<!vuestro )(?<!mi )(?<!en )\bestudio\b"
    r"(?! (?:de (?:arquitectura|dise[ñn]o|grabaci[óo]n)|creativo))"
    r"|\b(?:periodista|investigaci[óo]n de usuarios|tarjeta regalo)\b",
)
SUBJECT_INVITE = rx(
    r"\binvit",
    r"\bschedul",
    r"\bavailability\b",
    r"\brequest\b",
    r"\beinladung\b",
    r"\btermin",
    r"\bconvocation\b|\bdisponibilit",
    r"\bconvocatoria\b|\bdisponibilidad\b|\bagendar\b",
)

# Mail providers anyone can sign up with: a shared domain there says nothing of a
# shared employer.
FREEMAIL_DOMAINS = frozenset(
    (
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "posteo.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "yandex.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "t-online.de",
        "fastmail.com",
        "zoho.com",
    )
)

# ------------------------------------------------------------------------ roles
# Who speaks and who is interviewed. An invitation is written by the hiring side to the
# candidate; the same words ("interview", a day, a time) appear in the candidate's
# answers and in the hiring side's work among themselves.

# The writer answers an invitation: thanks for it, offers or confirms their own time.
_TIME_OFFERED = (
    # en
    r"\bthank(?:s| you)(?: (?:so|very) much| again| kindly)? for (?:the|your) (?:kind |warm )?"
    r"invitation\b|\bthank(?:s| you)(?: (?:so|very) much| again)? for (?:inviting me|the"
    r" opportunity to (?:interview|meet)|considering me)\b",
    r"\bi(?:'m| am| will be|'ll be| would be|'d be| should be) (?:\w+ ){0,2}(?:available|free)"
    r" (?:on|at|any|from|between|after|before|all|most|this|next|tomorrow|to (?:come|meet|talk"
    r"|speak|interview))\b",
    # availability given without a day after it
    r"\bi(?:'m| am) (?:\w+ )?(?:free|available)\b|\b(?:fine|ok|okay|good) (?:with|for|by) me\b",
    r"\b(?:is|are|would be|'d be) (?:the )?(?:best|ideal|better|perfect|great) (?:for|with) me\b",
    r"\b(?:works|suits|is fine|is good|is perfect)(?: best| better| well)? (?:for|with) me\b"
    r"|\bi can (?:do|make) (?:it|mon|tue|wed|thu|fri|the|any|either|both|that|\d)",
    r"\bi (?:hereby |happily |gladly )?(?:confirm|accept)(?: my)? (?:attendance|the (?:interview"
    r"|invitation|slot|time)|your (?:invitation|kind invitation))\b|\bi(?:'ll| will) be there\b",
    # de (acceptance also in inverted order: "den Termin bestätige ich gerne")
    r"\b(?:vielen |herzlichen |besten )?dank f[üu]r (?:die|ihre|deine|eure)"
    r" (?:nette |freundliche )?einladung\b",
    r"\bich (?:bin|w[äa]re|h[äa]tte|habe) (?:\w+ ){0,4}(?:verf[üu]gbar|zeit|erreichbar)\b",
    r"\b(?:mir passt|passt mir|passt es mir|bei mir passt|bei mir geht)\b",
    r"\bich (?:best[äa]tige|sage (?:gerne )?zu|komme gerne?|nehme (?:\w+ ){0,3}gerne? an)\b",
    r"\bbest[äa]tige ich\b|\bnehme ich (?:\w+ ){0,3}(?:gerne? )?an\b|\bich kann (?:\w+ ){0,3}"
    r"(?:kommen|da sein|teilnehmen)\b",
    # fr
    r"\bmerci (?:beaucoup |bien |infiniment )?(?:pour|de) (?:votre|ton|cette|l') ?"
    r"(?:aimable )?invitation\b",
    r"\bje (?:suis|serai|serais|reste) (?:\w+ ){0,2}disponible\b|\bme convient\b",
    r"\bje (?:vous |te )?confirme (?:ma (?:pr[ée]sence|venue|disponibilit[ée]|participation)"
    r"|le rendez-vous|l'entretien|notre)\b",
    r"\bj'accepte\b|\bje (?:serai|serais) (?:ravie?|heureux|heureuse|pr[ée]sente?)\b",
    # es
    r"\bgracias (?:por|de nuevo por) (?:la|su|tu|vuestra) (?:amable )?invitaci[óo]n\b",
    # thanks in other verbs ("os agradezco la invitación", "I appreciate the invitation")
    r"\b(?:os|le|te|les) agradezco (?:mucho |much[íi]simo )?(?:la|su|tu|vuestra) invitaci[óo]n\b"
    r"|\bi (?:really |truly )?appreciate (?:the|your) (?:kind )?invitation\b"
    r"|\bich bedanke mich (?:\w+ )?f[üu]r (?:die|ihre|deine|eure) einladung\b"
    r"|\bje (?:vous|te) remercie (?:\w+ )?(?:pour|de) (?:votre|ton|cette|l') ?invitation\b",
    r"\b(?:estoy|estar[ée]|quedo) (?:\w+ ){0,2}disponible\b",
    r"\bconfirmo (?:mi asistencia|mi participaci[óo]n|la entrevista|la cita|la reuni[óo]n|que)\b",
    r"\b(?:me viene bien|me va bien|me conviene|me queda bien|me viene mejor)\b|\bacepto\b",
    # thanks with other words between ("for getting back to me, and for the invitation")
    r"\bthank(?:s| you)\b[^.!?]{0,60}\bfor (?:the|your) (?:kind |warm )?invitation\b"
    r"|\bsuits me\b|\b(?:should|do) i (?:bring|prepare)\b|\bwhat should i (?:bring|prepare)\b",
    r"\bsoll ich (?:\w+ ){0,2}mitbringen\b|\bdois-je (?:apporter|pr[ée]voir)\b"
    r"|\b(?:debo|tengo que) llevar\b",
    r"\bje serai (?:bien )?(?:pr[ée]sente?|l[àa])\b|\b(?:te|le|les) (?:comparto|env[íi]o|paso"
    r"|mando) mi disponibilidad\b|\bpuedo (?:ir|pasar|acudir)\b",
)
# The writer speaks of their own job search: their application, hopes, doubts.
_OWN_SEARCH = (
    r"\bmy (?:job )?(?:application|resume|résumé|cv|candidacy|job search|job hunt)\b",
    r"\bi (?:recently |just )?applied\b|\bi(?:'m| am) applying\b",
    r"\b(?:secure|land|get) (?:me )?an (?:\w+ )?interview\b"
    r"(?! (?:set up|scheduled|booked|arranged))"
    r"|\bset me up with (?:\w+ ){0,2}interviews?\b",
    r"\bi (?:would like|'d like|wish|have decided|decided) to withdraw\b",
    r"\bi (?:have|'ve) (?:accepted|decided to accept) (?:an|another|a) (?:\w+ )?(?:offer"
    r"|position|role)\b",
    r"\bmeine[rnm]? (?:bewerbung|unterlagen|lebenslauf)\b",
    r"\bich habe mich (?:\w+ ){0,4}beworben\b|\bziehe meine bewerbung\b",
    r"\b(?:ma candidature|mon cv|j'ai postul[ée]|je retire ma candidature)\b",
    r"\bmi (?:candidatura|postulaci[óo]n|solicitud|cv|curr[íi]culum)\b|\b(?:he postulado"
    r"|me postul[ée]|retiro mi candidatura)\b",
    # the writer weighs applying ("should I try it?", "sollte ich mich bewerben?")
    r"\b(?:should|shall) i (?:apply|try|go for|send)\b|\bsollte ich mich\b"
    r"|\b(?:devrais|dois)-je postuler\b|\b(?:deber[íi]a|debo) postular",
    # the writer is the one hoping to be invited ("dass die mich zum Gespräch einladen")
    r"\b(?:invite|interview|shortlist) me\b|\bmich (?:\w+ ){0,4}einladen\b"
    r"|\bm'(?:inviter|invitent|appeler|appellent|convoquer|convoquent)\b"
    r"|\bme (?:inviten|invitaran|llamen|llamaran|convoquen|entrevisten)\b",
)
#: The writer gives their own time for an interview (the thread check reads it).
TIME_OFFERED = rx(*_TIME_OFFERED)
#: The writer is the candidate: answers an invitation or speaks of their own search.
CANDIDATE_SPEAKS = rx(*_TIME_OFFERED, *_OWN_SEARCH)
#: The writer speaks of their own application or search ("I sent my resume").
OWN_SEARCH = rx(*_OWN_SEARCH)
# The interview is someone else's: a named candidate, students, "him" or "her".
# An interview offered once the reader sends a CV ("send me your resume and I shall
# arrange an interview", "Schicken Sie mir Ihren Lebenslauf, dann vereinbare ich..."): a
# conditional invitation, which counts as one (corpus-real LABELS.md, borderline).
CV_THEN_INTERVIEW = rx(
    r"\b(?:send|forward|e-?mail) (?:me|us|over) (?:[\w-]+ ){0,3}(?:cv|resume|r[ée]sum[ée])\b"
    r"[^.?!]{0,80}\b(?:i|we)(?:'ll| will| shall| can| could| would)\b(?: \w+){0,3}"
    r" (?:arrange|set up|schedule|book|organi[sz]e|get)\b",
    r"\b(?:schicken|senden) sie (?:mir|uns) (?:\w+ ){0,5}(?:lebenslauf|cv|unterlagen)\b"
    r"[^.?!]{0,80}\b(?:vereinbar|ausmach|einlad|organisier)\w*|\bschick (?:mir|uns) (?:\w+ ){0,5}"
    r"(?:lebenslauf|cv|unterlagen)\b[^.?!]{0,80}\b(?:vereinbar|ausmach|einlad|organisier)\w*",
    r"\b(?:envoyez|envoie|transmettez|transmets)[- ](?:moi|nous) (?:\w+ ){0,3}cv\b[^.?!]{0,80}"
    r"\b(?:organis|planifi|fix|programm|cal)\w*",
    r"\b(?:env[íi]a(?:me|nos)|m[áa]nda(?:me|nos)|p[áa]sa(?:me|nos)|h[áa]z(?:me|nos) llegar)"
    r" (?:\w+ ){0,3}(?:cv|curr[íi]culum)\b[^.?!]{0,80}\b(?:agend|program|organiz|coordin"
    r"|concert)\w*",
)
# The pronoun of an "other interviewee" hit is the hiring side: the reader meets him ("get
# you in to meet him"), or a hiring-side title comes first ("our CTO ... he's free").
PRONOUN_INTERVIEWER = rx(
    r"\byou\b(?: [\w'-]+){0,5} (?:to )?(?:meet|meet with|talk to|talk with|speak with|see"
    r"|sit down with)"
    r" (?:him|her)\b",
    r"\b(?:cto|ceo|coo|cfo|founder|partner|director|head of \w+|manager|vp|boss|lead)\b"
    r"[^?!]{0,160}\b(?:he|she)(?:'s| is| would be| will be) (?:\w+ )?(?:available|free)\b",
)
OTHER_INTERVIEWEE = rx(
    # a candidate booked a slot or withdrew, told to the hiring side
    r"(?<!you )(?<!we )(?<!i )\bhas (?:booked|scheduled|selected|picked|chosen|confirmed)"
    r" (?:a |an |their |his |her )?(?:\w+ )?(?:time|slot|interview)\b"
    r"|\bhat (?:einen|den|sich) (?:\w+ )?(?:termin|slot|zeitfenster) (?:\w+ ){0,3}(?:gebucht"
    r"|ausgew[äa]hlt|eingetragen)\b|\ba r[ée]serv[ée] un cr[ée]neau\b|\bha (?:reservado|elegido"
    r"|seleccionado) (?:un|una) (?:hueco|franja|horario|hora)\b",
    r"\b(?:son|sa) (?:entretien|candidature|cv)\b|\bse retira del proceso\b|\bhas withdrawn"
    r" (?:from|his|her|their)\b|\bzieht (?:seine|ihre) bewerbung zur[üu]ck\b"
    r"|\bretire sa candidature\b",
    # the reader is asked to arrange someone's interview ("can you set up an interview with
    # Lucía Ferrer?"): not with me, us or the reader
    r"\b(?:can|could|would|will|please|pls) (?:you )?(?:please )?(?:set up|arrange|schedule"
    r"|coordinate|book|organi[sz]e) (?:an? |the )?(?:\w+ )?(?:interviews?|onsites?|loop"
    r"|onsite loop|panel) (?:with|for)"
    r" (?!me\b|us\b|you\b|our\b|my\b|the team\b)",
    r"\b(?:puedes|podr[íi]as|puede|podr[íi]a|podemos) (?:coordinar|organizar|agendar|programar"
    r"|concertar|cuadrar) (?:una |la )?entrevista con (?!nosotros\b|conmigo\b|usted\b|vos\b)",
    r"\b(?:peux|pourrais|pouvez|pourriez)[- ](?:tu|vous) (?:organiser|planifier|caler|programmer"
    r"|fixer) (?:un |l')?entretien avec (?!moi\b|nous\b)",
    r"\b(?:kannst du|k[öo]nnen sie|k[öo]nntest du|k[öo]nnten sie) (?:\w+ ){0,3}(?:ein |einen )?"
    r"(?:gespr[äa]ch|interview|vorstellungsgespr[äa]ch|termin) mit (?:frau|herrn?|der kandidatin"
    r"|dem kandidaten)\b",
    r"\b(?:kannst du|k[öo]nntest du|k[öo]nnen sie|k[öo]nnten sie) (?:bitte )?(?:noch )?mit"
    r" (?:frau|herrn?|der kandidatin|dem kandidaten|dem bewerber|der bewerberin)\b"
    r"(?:(?!\b(?:ihr|ihren|ihrem|dein|deinen|deinem)\b)[^?]){0,160}\b(?:vorstellungsgespr[äa]ch"
    r"|gespr[äa]ch|interview|termin)\w* (?:vereinbaren|organisieren|ausmachen|koordinieren"
    r"|einplanen|ansetzen)\b",
    # en
    r"\binterviews? (?:with|for|of) (?:him|her|them|the candidate|this candidate|the (?:two|three"
    r"|\d) candidates|candidates|the applicant|applicants|the students|your students|students"
    r"|my students)\b",
    r"\b(?:interview|meet|bring|fly|have) (?:him|her|them) (?:in|out|for|over|with)?\b"
    r"|\b(?:interview|meet with|talk to|speak with) (?:him|her)\b",
    r"\b(?:his|her) (?:resume|résumé|cv|application|candidacy|availability|interview|schedule"
    r"|background)\b",
    r"\bthe candidate(?:'s)?\b(?! (?:portal|home|cent(?:er|re)|profile|experience|zone|site|login"
    r"|account|page|dashboard))|\b(?:this|that|each|every) (?:\w+ )?candidate\b"
    r"|\bcandidates? (?:list|packet|pool|schedule|profiles?)\b|\b(?:the|these) candidates\b",
    # (not "campus recruiting" or "campus visit": students and faculty candidates are
    # invited under those words too)
    r"\b(?:your|my|our) students\b|\bstudents? (?:sign[- ]up|schedule|list)\b"
    r"|\bcampus schedules?\b|(?<!on-)(?<!on )(?<!your )\bcampus interview\w*",
    r"\b(?:set up|schedule|arrange|book|find|line up) (?:some )?time for (?!you\b|us\b|me\b)"
    r"(?:\w+ ){1,3}to (?:come|meet|talk|speak|interview|sit down)\b|\bfor you to (?:meet|see"
    r"|talk to|speak with|interview) (?:her|him|them|the candidates?)\b",
    # a reference asked about someone who applied elsewhere
    r"\b(?:listed|given(?: us)?|named|put down) you(?:r name)? as (?:a |one of (?:his|her"
    r"|their) )?(?:\w+ )?(?:references?|supervisor|manager|employer)\b|\breference"
    r" (?:check|call)s?\b|\bals referenz\b|\bcomme r[ée]f[ée]rence\b|\bcomo referencia\b",
    # de
    r"\bvereinbaren sie (?:bitte )?(?:einen|den) termin mit (?:frau|herrn?|ihm|ihr)\b"
    r"|\bmit (?:ihm|ihr|dem kandidaten|der kandidatin|den kandidaten|den bewerbern|dem bewerber"
    r"|der bewerberin)\b|\b(?:sein|seinen|seine) (?:lebenslauf|unterlagen|bewerbung)\b"
    r"|\b(?:der|den|dem|die|diese[rnm]?) (?:kandidat|kandidatin|kandidaten|bewerber|bewerberin"
    r")\b|\b(?:ihre|deine) studierenden\b",
    # fr
    r"\bavec (?:lui|le candidat|la candidate|les candidats|ces candidats)\b"
    r"|\b(?:le|la|ce|cette|les)"
    r" candidat(?:e|s|es)?\b|\b(?:vos|tes|nos|mes) [ée]tudiants\b",
    # es
    r"\bcon (?:él|ella|el candidato|la candidata|los candidatos|las candidatas)\b|\b(?:el|la|este"
    r"|esta|los|las) candidat[oa]s?\b|\b(?:tus|sus|mis|nuestros) (?:alumnos|estudiantes)\b",
    # the candidate's own availability, told by a third party ("she's available afternoons")
    r"\b(?:he|she)(?:'s| is| would be| will be) (?:\w+ )?(?:available|free|interested|keen"
    r"|open)\b|\b(?:er|sie) (?:ist|w[äa]re) (?:\w+ )?(?:verf[üu]gbar|frei)\b"
    r"|\b(?:il|elle) (?:est|serait) (?:\w+ )?disponible\b|\b(?:[ée]l|ella) (?:est[áa]|estar[íi]a)"
    r" (?:\w+ )?disponible\b",
)
# Material for the people who interview: schedules, forms, CVs, debriefs.
INTERVIEWER_MATERIAL = rx(
    r"\binterview(?:er)? (?:packet|evaluation|feedback|assessment form|guide|notes|sign-?up)s?\b"
    r"|\binterviewers (?:are|will|for|list|needed)\b|\bevaluation forms?\b|\bfeedback forms?\b",
    r"\b(?:resumes|r[ée]sum[ée]s|cvs) (?:are |is |were |have been )?(?:attached|enclosed|below"
    r"|sent|forwarded|mailed)\b|(?<!selected for )(?<!'s )\bclosed (?:interview )?schedule\b"
    r"|\battached (?:are|is)"
    r" (?:the |their |his |her )?(?:resumes?|r[ée]sum[ée]s?|cvs?)\b",
    r"\bgespr[äa]chsleitfaden\b|\bbewertungsb[öo]gen\b|\binterviewer(?:in|innen)?\b"
    r"|\blebensl[äa]ufe\b",
    # (not "an oral before the jury": candidates of a public competition are summoned so)
    r"\bgrilles? d'[ée]valuation\b|\b(?:membres? du|faire partie du|si[ée]ger (?:au|dans le))"
    r" jury\b|\bcvs? (?:des|de ces) candidats\b",
    r"\bformularios? de evaluaci[óo]n\b|\bentrevistadores\b|\bcvs? de (?:los|las) candidat",
    r"\b(?:the|a copy of the) (?:cv|resume|résumé|profile) of\b"
    r"|\b(?:te|le|os) (?:paso|env[íi]o|adjunto)"
    r" (?:por aqu[íi] )?el (?:cv|curr[íi]culum|perfil) de\b|\b(?:le|den) lebenslauf von\b"
    r"|\b(?:le|ci-joint le) cv de\b",
)
# The slot is fixed from what the candidate said, or someone will call at a set time.
SLOT_FIXED = rx(
    r"\b(?:based on|per|according to|as per) your (?:availability|times|schedule)\b",
    r"\bat the time you (?:gave|suggested|proposed|requested|mentioned)\b",
    r"\b(?:will|is going to|'ll) (?:call|phone|ring) you (?:at|on|tomorrow|today|this|next)\b",
    # travel already booked for the visit (an agency's itinerary)
    r"\brecord locator\b|\bconfirmation (?:number|code|#)\b|\be-?ticket (?:number|receipt)\b"
    r"|\b(?:localizador de reserva|buchungsnummer|num[ée]ro de r[ée]servation)\b",
    r"\b(?:i|we) (?:have|'ve) (?:now )?(?:scheduled|arranged|set up|booked|confirmed|organi[sz]ed)"
    r" (?:you|your|the|an?|a time)\b",
    r"\bwird (?:sie|dich) (?:\w+ ){0,3}anrufen\b|\bhabe (?:ich )?(?:\w+ ){0,3}(?:eingetragen"
    r"|eingeplant|gebucht|fixiert)\b",
    r"\b(?:vous|te) (?:rappellera|appellera|contactera) (?:le|demain|lundi|mardi|mercredi|jeudi"
    r"|vendredi|[àa] \d)",
    r"\b(?:te|le) llamar[áa] (?:el|ma[ñn]ana|hoy|a las)\b|\bseg[úu]n (?:tu|su) disponibilidad\b"
    r"|\b(?:he|hemos) (?:agendado|programado|reservado)\b",
    # thanks for the times the candidate sent: the slot is chosen from them
    r"\b(?:vielen )?dank f[üu]r (?:ihre|deine) (?:terminvorschl[äa]ge|verf[üu]gbarkeiten?"
    r"|zeitvorschl[äa]ge)\b|\bmerci pour (?:vos|tes) disponibilit[ée]s\b"
    r"|\bgracias por (?:tu|su|vuestra) disponibilidad\b",
)
# Interviews given to the media: producers, live broadcasts, programmes.
BROADCAST = rx(
    r"\blive (?:telephone |phone |tv |radio |on-?air )?interview\b|\b(?:live )?on[- ]air\b"
    r"|\b(?:radio|tv|television) (?:interview|programme|program|show|segment|station|crew)\b"
    r"|\bbroadcast\w*\b|\bprogramming reaches\b|\bnews (?:programme|program|segment|desk)\b",
    r"\b(?:fernseh|rundfunk|radio)(?:interview|sendung|beitrag|team)\b|\bin (?:der|unserer)"
    r" sendung\b|\blive (?:im|auf) (?:radio|sender)\b",
    r"\b(?:interview|entretien) (?:t[ée]l[ée]vis[ée]|radiophonique|en direct)\b"
    r"|\b(?:[ée]mission|journal) (?:de|t[ée]l[ée]vis[ée]e?|radio)\b|\ben direct (?:à|sur)"
    r" (?:l'antenne|la radio)\b",
    r"\b(?:entrevista|programa) (?:en directo|en vivo|de radio|de televisi[óo]n|radial"
    r"|televisiva)\b|\bal aire\b",
)
# Travel arranged for the reader's visit: flights, a hotel, an itinerary.
TRAVEL = rx(
    r"\b(?:fly|flight|flights|airfare|airline|hotel|itinerary|travel arrangements|rental car"
    r"|arrangements for you to)\b",
    r"\b(?:flug|fl[üu]ge|hotel|anreise|reisekosten)\b",
    r"\b(?:vol|vols|billet d'avion|h[ôo]tel|frais de d[ée]placement)\b",
    r"\b(?:vuelo|vuelos|billete de avi[óo]n|hotel|gastos de viaje)\b",
)
# Interest asked for ("let me know if you are interested"): outreach asks it, and so do
# later rounds ("a second interview in Seattle, let me know if you are interested").
ASKS_INTEREST = rx(
    r"\blet (?:me|us) know if you(?:'re| are| would be)? (?:still )?interested\b"
    r"|\b(?:are|would) you (?:still |be )?interested\b",
    r"\b(?:h[äa]tten|haben|h[äa]ttest|hast) (?:sie|du) (?:noch )?interesse\b",
    r"\b(?:seriez|[êe]tes|serais|es)[- ](?:vous|tu) (?:toujours )?int[ée]ress[ée]",
    r"\b(?:te|le|les) interesa(?:r[íi]a)?\b|\bsi (?:te|le) interesa\b",
)
# A reply's or forward's subject: it repeats the subject of the message answered.
REPLY_SUBJECT = re.compile(r"^(?:(?:re|aw|wg|fwd?|tr|rv|r|sv|vs|ref|réf|antw)\s?:\s*)+")
# A further round of a process under way: a reply in a conversation the user takes part
# in is a fresh invitation only when it opens one.
NEW_ROUND = rx(
    r"\b(?:second|third|final|next|further|another|follow-up|2nd|3rd|last) (?:[\w-]+ )?"
    r"(?:round|interview|stage|meeting with)\b|\bnext step\b|\bmeet (?:more of|the rest of"
    r"|a few more|some more|the wider)\b|\bon-?site\b",
    r"\b(?:zweite[nsr]?|dritte[nsr]?|n[äa]chste[nr]?|weitere[nsr]?|abschlie(?:ß|ss)ende[nsr]?)"
    r" (?:\w+ )?(?:runde|gespr[äa]ch|interview|termin|schritt)\b|\bfolgegespr[äa]ch\b",
    r"\b(?:second|deuxi[èe]me|troisi[èe]me|nouvel|autre|dernier|prochain)e? (?:\w+ )?(?:tour"
    r"|entretien|[ée]tape|rencontre)\b|\bprochaine [ée]tape\b",
    r"\b(?:segunda|tercera|otra|nueva|[úu]ltima|siguiente|pr[óo]xima) (?:\w+ )?(?:ronda|entrevista"
    r"|fase|etapa|reuni[óo]n)\b",
)
# The reader is the one to be interviewed ("we'd like to interview you").
READER_INTERVIEWED = rx(
    r"\binterview you\b|\binvite you (?:to|for) (?:an? )?(?:\w+ )?interview"
    r"|\byou(?:'ve| have) been (?:selected|shortlisted|chosen) for (?:an? |the )?(?:[\w']+ ){0,3}"
    r"(?:interview|round|closed (?:interview )?schedule)(?!s? (?:panel|team|committee|day"
    r" volunteers))|\binvitation to (?:an? )?(?:\w+ )?interview\b",
    r"\b(?:sie|dich) (?:\w+ ){0,4}(?:zu|zum) (?:einem )?(?:\w+ )?(?:gespr[äa]ch|interview)"
    r" (?:\w+ ){0,3}einladen\b",
    r"\b(?:vous|te) (?:convier|inviter|convoquer) (?:[àa] )?(?:un|une) (?:\w+ )?entretien\b",
    r"\b(?:entrevistarte|entrevistarle|invitarte a una entrevista|invitarle a una entrevista)\b",
)
# Courses and training: an "interview" to enrol in a class is no job interview.
COURSE = rx(
    r"\b(?:courses?|curriculum|enrol(?:l|ls|led|ment|ling)?|workshops?|classes|tuition|lesson"
    r"|lessons)\b",
    # (a faculty or research candidate gives a "research seminar" or a "short seminar on
    # the thesis work" as part of the interview)
    r"(?<!research )(?<!short )(?<!job )\bseminars?\b(?! (?:on|about) (?:your|the|his|her)"
    r" (?:thesis|research|work|dissertation))",
    r"\b(?:kurs|kurse|lehrgang|weiterbildung|schulung)\b",
    r"\b(?:formation continue|cours|stage de formation|inscription au cours)\b",
    r"\b(?:curso|cursos|matr[íi]cula|(?<!por el )(?<!en el )(?<!al )taller|clases)\b",
)
# A forward: the mark before the forwarded message, and the header that ends its
# header block ("-----Original Message-----", "Forwarded by ... on", "Begin forwarded").
FORWARD_MARK = re.compile(
    r"forwarded (?:message|by)|original message|begin forwarded|weitergeleitete nachricht"
    r"|message transf[ée]r[ée]|mensaje reenviado|urspr[üu]ngliche nachricht|message d'origine"
    r"|mensaje original",
    re.IGNORECASE,
)
FORWARD_SUBJECT = re.compile(r"^\s*(?:fwd?|wg|tr|rv|enc|fw)\s*:", re.IGNORECASE)
FORWARDED_SUBJECT_LINE = re.compile(r"(?im)^[\s>]*(?:subject|betreff|objet|asunto)\s*:")
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
