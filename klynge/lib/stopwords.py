"""Words that say nothing about what a need is about, in bokmål, nynorsk and English.

Two lists, used the same way for profiles and needs:

- ``STOP_WORDS``, function words (og, ein, the, ...): dropped before anything else.
- ``FILLER``: everyday verbs that any text uses ("tar", "kjem", "treng", "open",
  "hjelper", "laga", "jobbar"; "help", "run", "get"), and nouns and adjectives
  that every business text has ("dag", "kundene", "bedrift", "oppdrag", "liten";
  "customers", "small"). A filler word is never a term, so it neither makes a
  provider match nor shows up as a reason, but it still counts inside a taxonomy
  phrase: "oversikt over kunder" (CRM), "bestille time" and "google drive" keep
  naming their competences while "kunder", "time" and "drive" alone name nothing.

Judge a new word by whether two texts sharing it are more likely to be about the
same competence than two texts chosen at random: "nettbutikk", "lager" (stock),
"bruke" ("lett å bruke" is usability), "gjester", "betale" and "kurs" stay. Words
with a second, telling meaning stay unless the telling one is rare: "lage/laga"
(make) go but "lager" stays; "rest" stays for REST APIs. Words are matched before
stemming, so list the forms, not a stem. A function word may not be part of a
taxonomy name that means something only with it (tests/competence/test_stopwords.py
checks).
"""

NORWEGIAN_FUNCTION = """
og i på til for med av som er det den de en et ei eit ein at å om fra frå har hadde
var vil skal kan må bli blir ble vert vart vorte verte vere være vore vært
ikke ikkje ingen inga ingenting noe noko nokon noen nokre nokor alle alt all
vi oss våre vår vårt me mitt min mine meg jeg eg du deg dere dykk dykkar han hun ho
hen dei dem deira deres hans hennar hennes seg sin sitt sine
denne dette desse disse der her dit hit når kor korleis hvordan hvor kva hva hvem
kven kvifor hvorfor fordi derfor difor så men eller også òg enn nå no da då ut inn
opp ned over under etter før mot ved hos hjå mellom gjennom utan uten rundt blant
langs bak foran framfor innan innen sidan siden per via fram frem
litt mye mykje mange veldig svært ganske bare berre kun gjerne helst heller enda
endå ennå framleis fortsatt igjen att allereie allerede snart kanskje nok dessverre
slik sånn slikt såleis hverandre kvarandre både begge hver hvert kvar kvart
andre annan anna annen annet same samme
meir mer mest minst ja nei ha hatt gjøre gjere gjorde gjort
kunne kunna skulle skulla ville vilja måtte måtta bør burde får fekk fikk
trenger treng trengs ønsker ønskjer ny nytt nye
"""

ENGLISH_FUNCTION = """
the a an and or but nor of to in on for with at by from is am are be been being
was were its this that these those we our ours us you your yours they them their
theirs he she his her hers him i me my mine not no yes so as if than then there
here where when what which who whom why how whether because while since until
though although before during over under again still already yet even only
another such each every both either neither few much many more most
very too really quite rather well also just into onto upon out off up about
around through between without within per can could should would will shall may
might must do does did done doing have has had having need needs want wants wanted
some any all
"""

NORWEGIAN_FILLER = """
få fått gå går gikk gjekk gått komme kome kommer kjem kom kommet ta tar tek tok
tatt teke gi gje gir gjev ga gav gitt gjeve si seie sier seier sa sagt se sjå ser
såg sett vite vet veit visste finne finn finner fann fant funne funnet trenge
trengst trengte trengde ønske ønskte prøve prøver prøvar prøvd lage laga lagar
laget lagd lagde lagt jobbe jobber jobbar jobba
jobbet jobb jobben hjelpe hjelper hjelpar hjelpa hjalp hjelpt hjelp sette setter
setje set satt synes syns synest tenke tenker tenkjer lure lurer lurar klare
klarer klarar slippe slipper sleppe slepp begynne begynner byrje byrjar starte
starter startar open opne opnar opnast åpne åpner åpen åpent stå står stod sto
ligge ligger ligg holde holder halde held heldt haldt drive driver driv drev skje
skjer fungere fungerer fungerar virke virker verke verkar koste koster kostar
tilby tilbyr vise viser snakke snakker snakkar mangle mangler manglar
dag dagen dagar dager dagane dagene dagleg daglig veke veka uke uka år året åra
årene gong gonger gongen gang ganger gangen tid tida tiden ting tinga tingene folk
kunde kunden kunder kundar kundene kundane bedrift bedrifta bedriften bedrifter
bedriftene firma firmaet selskap selskapet liten lita lite lille små stor stort
store større mindre gammal gamal gamle gammel gammelt god godt gode bra betre
bedre best beste enkel enkelt enkle viktig viktige rask raskt fort først fyrst
sist as imot egen eigen eige eget egne eigne selv sjølv sjølve fleire flere
fleste saman sammen blitt oppdrag oppdraget oppdraga oppdragene dårleg dårlig
dårlege dårlige helg helga helgen helgane helgene dalen fjellet bygda
"""

ENGLISH_FILLER = """
own get gets got getting make makes made making go goes going went gone come comes
came coming take takes took taken give gives gave given see sees saw seen know
knows knew known think like help helps helped helping keep
keeps kept look looks looking find finds found try tries tried run runs ran running
set sets work works worked working let lets put say says said tell ask able sure
please thanks someone somebody anyone anybody something anything everything
nothing new old small big large good better best great easy simple day days week
weeks year years month months time times today soon now way thing things lot lots
people customer customers business businesses company companies one ones open
after down other it
"""

STOP_WORDS = frozenset((NORWEGIAN_FUNCTION + ENGLISH_FUNCTION).split())
FILLER = frozenset((NORWEGIAN_FILLER + ENGLISH_FILLER).split()) - STOP_WORDS
