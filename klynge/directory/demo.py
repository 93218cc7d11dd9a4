"""Demo directory for Hallingdal: companies, people, roles and a small queue for staff.

All fictional: org numbers are made-up prefixes plus their MOD11 check digit, and websites and
mailboxes use `.example`/example.org, so no demo email reaches a real inbox. Rows are matched by
external_id ("demo-c-01", "demo-p-01"), so loading twice creates nothing the second time.
"""

import unicodedata

from django.db import transaction
from django.utils import timezone

from klynge.accounts.models import User
from klynge.accounts.services import user_create
from klynge.directory.models import (
    Company,
    CompanyClaim,
    CompanyRole,
    CompanySkill,
    MembershipApplication,
    MemberStatus,
    Person,
    PersonSkill,
)
from klynge.lib.orgnr import check_digit

# fmt: off
# (key, name, org number prefix, municipality, NACE, employees, website, status,
#  description, services "a | b", skills "a, b").
# status: m = member (imported by the hub), c = claimed by a user, r = register listing.
COMPANIES = [
    ("c-01", "Fjellkode AS", "95260181", "aal", "62.010", 9, "fjellkode.example", "m",
     "Fjellkode lagar skreddarsydd programvare for verksemder i og utanfor Hallingdal. Vi har "
     "kontor midt i Ål sentrum og jobbar mest med **Python**, **Django** og **React**. Kundane "
     "våre er alt frå reiselivsbedrifter til landbruksorganisasjonar.",
     "Skreddarsydd programvare | Webapplikasjonar | Integrasjonar og API | "
     "Vidareutvikling av eksisterande system",
     "Python, Django, React, TypeScript, PostgreSQL, API-integrasjon"),
    ("c-02", "Hallingdata AS", "95908301", "gol", "62.020", 14, "hallingdata.example", "m",
     "Hallingdata er eit IT-konsulentselskap i Gol med fjorten tilsette. Vi hjelper små og "
     "mellomstore verksemder med **Microsoft 365**, nettverk, IT-tryggleik og brukarvenlege "
     "nettløysingar. Vi har vore i dalen sidan 2009 og kjenner dei fleste kundane våre med namn.",
     "IT-rådgjeving | Microsoft 365 og Teams | Nettverk og Wi-Fi | Tryggleiksgjennomgang | "
     "Frontend og universell utforming",
     "Microsoft 365, nettverk, IT-sikkerhet, Azure, React, universell utforming"),
    ("c-03", "Ål IT-service", "96613186", "aal", "62.020", 2, "aal-itservice.example", "c",
     "Vi reparerer PC-ar og Mac-ar, set opp nettverk på heimekontoret og hjelper deg når "
     "skrivaren ikkje vil. Open verkstad i Ål sentrum kvar kvardag – og vi kjem gjerne heim "
     "til deg eller ut på hytta.",
     "PC-reparasjon | Oppsett av heimekontor | Nettverk og ruter | Datahjelp for eldre",
     "PC-service, nettverk, Microsoft 365, Mac"),
    ("c-04", "Vidde Digital AS", "90913909", "nesbyen", "62.100", 6, "viddedigital.example", "m",
     "Vidde Digital er et webbyrå i Nesbyen. Vi designer og utvikler nettsider og nettbutikker "
     "for reiseliv, håndverkere og lokalmatprodusenter – med **universell utforming** fra første "
     "skisse. Etterpå tar vi oss av drift, oppdateringer og søkemotoroptimalisering.",
     "Nettsider i WordPress | Nettbutikk (WooCommerce og Shopify) | "
     "Universell utforming og WCAG-revisjon | Søkemotoroptimalisering | Drift av nettsider",
     "WordPress, nettbutikk, WooCommerce, universell utforming, SEO, Figma"),
    ("c-05", "Hallingtall AS", "99603082", "hol", "62.200", 5, "hallingtall.example", "m",
     "Hallingtall hjelper regnskapsbyråer og små bedrifter å få mer ut av regnskapssystemene "
     "sine. Vi er partner for **Tripletex** og **Visma**, og lager rapporter i Power BI som "
     "faktisk blir brukt. Kontoret ligger på Geilo.",
     "Innføring av Tripletex og Visma | Integrasjoner mellom fagsystem og regnskap | "
     "Rapportering i Power BI | Kurs for regnskapsmedarbeidere",
     "Tripletex, Visma, Power BI, Excel, API-integrasjon"),
    ("c-06", "Skarvheimen Drift AS", "94628194", "hol", "63.100", 11, "skarvheimendrift.example",
     "m",
     "Skarvheimen Drift tar ansvar for IT-driften hos bedrifter, hoteller og borettslag i "
     "Hallingdal. Vi overvåker servere, nettverk og sikkerhetskopier døgnet rundt og har "
     "servicevakt på Geilo og Gol.\n\nFast pris per bruker, ingen overraskelser.",
     "Driftsavtale med fast pris | Sikkerhetskopi og gjenoppretting | "
     "Azure og Microsoft 365-drift | Brannmur og IT-sikkerhet | Brukerstøtte",
     "Azure, Microsoft 365, IT-sikkerhet, nettverk, backup, Linux"),
    ("c-07", "Hallingkart AS", "98219935", "nesbyen", "63.110", 4, "hallingkart.example", "m",
     "Hallingkart lager kart og terrengmodeller med drone og GIS. Vi kartlegger hyttefelt, "
     "skogteiger, rasområder og kraftlinjetraseer for kommuner, grunneiere og entreprenører. "
     "Alle pilotene våre har operatørbevis for kategori spesifikk.",
     "Dronekartlegging og ortofoto | Terrengmodeller og volumberegning | "
     "GIS-analyse og kartproduksjon | Inspeksjon av kraftlinjer og bruer",
     "GIS, drone, QGIS, ArcGIS, Python, fotogrammetri"),
    ("c-08", "Lynghei UX-studio", "91819093", "flaa", "62.020", 1, "lynghei.example", "m",
     "Lynghei is a one-person UX studio in Flå. I help small teams find out what their users "
     "actually need – through interviews, usability tests and prototypes in Figma – and turn "
     "that into designs developers can build. I work in English, German and (getting there) "
     "Norwegian.",
     "User research and interviews | Usability testing | Prototyping in Figma | "
     "Design systems | Accessibility review",
     "UX, Figma, brukertesting, universell utforming, tjenestedesign"),
    ("c-09", "Hallingdal IKT (interkommunalt)", "97865797", "gol", "63.110", 24,
     "hallingdal-ikt.example", "m",
     "Hallingdal IKT er det interkommunale IKT-samarbeidet for dei seks kommunane i Hallingdal. "
     "Vi driftar fagsystem, nettverk og brukarstøtte for skular, helse og administrasjon – om "
     "lag 2 500 brukarar. Vi samarbeider gjerne med lokale leverandørar og tek inn lærlingar "
     "kvart år.",
     "Drift av kommunale fagsystem | Brukarstøtte for tilsette og skular | "
     "Nettverk til kommunale bygg | Informasjonstryggleik og personvern",
     "Microsoft 365, Azure, nettverk, IT-sikkerhet, informasjonssikkerhet, ITIL"),
    ("c-10", "Hallingdal Fiber AS", "95432319", "gol", "61.100", 48, "hallingdalfiber.example",
     "m",
     "Hallingdal Fiber byggjer og driftar fibernettet i dalen, med over 9 000 kundar frå Flå "
     "til Haugastøl. IT-avdelinga vår på seks personar har ansvar for kundesystem, "
     "nettverksovervaking og dataplattform. Vi er ein av dei største private arbeidsgjevarane "
     "i Gol og har ofte ledige stillingar innan IT og nettverk.",
     "Fiberbreiband til bustad og hytte | Bedriftsnett og mørk fiber | Nettverksovervaking | "
     "Samlokalisering i nodehus",
     "nettverk, fiber, Power BI, Azure, IT-sikkerhet, Python"),
    ("c-11", "Hemsedal Digital AS", "94875749", "hemsedal", "62.010", 3,
     "hemsedaldigital.example", "c",
     "Vi lagar bookingløysingar, nettsider og digitale vegvisarar for reiselivet i Hemsedal – "
     "frå hytteutleige til skiskular. Alt vi lagar fungerer på mobil, på fleire språk og i "
     "høgsesongen når alle bookar på ein gong.",
     "Bookingsystem for utleige og aktivitetar | Nettsider på fleire språk | "
     "Integrasjon mot betalingsløysingar | Digitale kart og vegvisarar",
     "React, nettbutikk, WordPress, API-integrasjon, Stripe"),
    ("c-12", "Flå Kontor og Data AS", "91186252", "flaa", "62.020", 2, "", "r", "", "", ""),
    ("c-13", "Ustedalen Data AS", "97601895", "hol", "62.010", 1, "", "r", "", "", ""),
]

# (key, name, municipality, employer: company key or free text, languages, flags,
#  headline, skills "name:level, ...", bio, extras).
# flags: m = member, p = has applied, A = admin of the employer, a = available for
# assignments, r = remote worker, c = agreed to questions and surveys from the hub.
# extras: user (email of an existing user), li/gh/web (links), vis ("contact=public
# skills=members").
# The people here offer IT services. The demo's business owner (ola@example.org, who
# posts the needs) is a customer: he has an account and no profile in the directory.
PEOPLE = [
    ("p-01", "Kari Haugen", "gol", "c-02", "nn nb en", "mAc",
     "Frontend-utviklar og UX-designar",
     "React:5, CSS:5, TypeScript:4, universell utforming:4, Figma:3, Django:2",
     "Eg lagar brukarvenlege nettløysingar i React og TypeScript, og er oppteken av at alle skal "
     "kunne bruke dei. Fødd i Gol, jobba fem år i Oslo og flytta heim att i 2021. Spør meg "
     "gjerne om universell utforming!",
     {"user": "kari@example.org", "li": "kari-haugen-4b1a2c"}),
    ("p-03", "Eirik Sletten", "aal", "c-01", "nn nb en", "mAc",
     "Dagleg leiar og utviklar i Fjellkode",
     "Python:5, Django:5, PostgreSQL:4, prosjektleiing:4, Docker:3",
     "Starta Fjellkode i 2016 etter mange år som utviklar i Bergen, og skriv framleis kode kvar "
     "veke. Sit i styret i IT-Hub Hallingdal og brenn for at ein skal kunne ha ein spennande "
     "IT-jobb utan å flytte frå dalen.",
     {"li": "eirik-sletten-7d20f1", "web": "fjellkode.example"}),
    ("p-04", "Marta Kowalska", "aal", "c-01", "pl nb en", "m",
     "Backend-utvikler (Python, Django)",
     "Python:5, Django:4, API-integrasjon:4, PostgreSQL:4, Docker:3, testautomatisering:3",
     "Jeg kom til Ål fra Kraków i 2018 og har jobbet i Fjellkode siden 2020. Liker ryddige "
     "API-er, gode tester og langrenn i Vats.",
     {"gh": "marta-kowalska-dev"}),
    ("p-05", "Torstein Bråten", "gol", "c-01", "nn nb en", "m",
     "Fullstack-utviklar", "React:4, Git:4, Python:3, Django:3, TypeScript:3",
     "Pendlar frå Gol til Ål kvar dag. Jobbar mest med React på framsida og Django bak. Var "
     "lærling i Hallingdal IKT, så eg har eit hjarte for lærlingordninga.", {}),
    ("p-06", "Håvard Rud", "gol", "c-02", "nn nb", "m",
     "Nettverk og IT-sikkerheit",
     "nettverk:5, IT-sikkerhet:4, brannmur:4, Wi-Fi:4, Microsoft 365:3",
     "Eg set opp nettverk for alt frå gardsbruk til hotell, og hjelper bedrifter i gang med "
     "tryggleiksarbeidet: tofaktor, oppdateringar og ein plan for når uhellet er ute.",
     {"vis": "contact=public"}),
    ("p-07", "Ingvild Skaret", "nesbyen", "c-02", "nb nn en", "m",
     "Microsoft 365-rådgiver",
     "Microsoft 365:5, Teams:5, SharePoint:4, opplæring:4, Power Automate:3",
     "Jeg hjelper bedrifter å ta i bruk Teams, SharePoint og resten av Microsoft 365 slik at "
     "hverdagen faktisk blir enklere. Holder kurs både fysisk og på nett.", {}),
    ("p-08", "Arne Tveito", "aal", "c-03", "nn", "mAa",
     "Eig og driv Ål IT-service", "PC-service:5, Windows:5, nettverk:3, Mac:3",
     "Har fiksa datamaskiner i Ål sidan 1998. Kjem gjerne heim til deg, og eg forklarar utan "
     "framandord.", {"vis": "contact=public"}),
    ("p-09", "Camilla Bergsland", "nesbyen", "c-04", "nb en", "mAc",
     "Daglig leder i Vidde Digital – webdesign og universell utforming",
     "WordPress:5, universell utforming:5, webdesign:5, Figma:4, prosjektledelse:4, SEO:3",
     "Jeg startet Vidde Digital i 2014 etter flere år i byrå i Oslo. Nettsider skal være raske, "
     "tilgjengelige og enkle å oppdatere selv – og det er fullt mulig å lage dem fra Nesbyen.",
     {"li": "camilla-bergsland-91c0aa", "web": "viddedigital.example"}),
    ("p-10", "Jonas Haugerud", "flaa", "c-04", "nb en", "m",
     "WordPress- og WooCommerce-utvikler",
     "WordPress:5, WooCommerce:4, PHP:4, nettbutikk:4, JavaScript:3",
     "Lager nettbutikker for lokalmatprodusenter og gårdsutsalg. Bor på Flå og jobber "
     "hjemmefra det meste av uka.", {}),
    ("p-11", "Trude Kvam", "hol", "c-05", "nb", "mA",
     "Regnskapsfører og systemrådgiver – Tripletex og Visma",
     "Tripletex:5, Visma:5, regnskap:5, Excel:4, Power BI:3",
     "Autorisert regnskapsfører med tjue år i bransjen. I dag bruker jeg mest tid på å sette "
     "opp regnskapssystemer riktig fra start – det sparer alle for mye hodebry.", {}),
    ("p-12", "Magnus Sundre", "hol", "c-06", "nb en", "mA",
     "Driftssjef i Skarvheimen Drift",
     "Microsoft 365:5, backup:5, Azure:4, IT-sikkerhet:4, nettverk:4, Linux:3",
     "Har drevet IT for hoteller og bedrifter på Geilo i femten år. Opptatt av god "
     "sikkerhetskopi, kjedelige oppdateringsrutiner og å svare når det brenner.", {}),
    ("p-13", "Ahmad Al-Hassan", "hol", "c-06", "nb en", "m",
     "Driftstekniker – servere, nettverk og brukerstøtte",
     "brukerstøtte:5, nettverk:4, Windows Server:4, Microsoft 365:4, Linux:2",
     "Kom til Hol fra Aleppo i 2016 og tok fagbrev i IKT-servicefag som voksen. Jobber i "
     "Skarvheimen Drift og hjelper gjerne andre nyankomne med IT-spørsmål, på arabisk eller "
     "norsk.", {}),
    ("p-14", "Knut Rudningen", "nesbyen", "c-07", "nb en", "mAa",
     "GIS-analytiker og dronepilot",
     "GIS:5, drone:5, QGIS:5, ArcGIS:4, fotogrammetri:4, Python:3",
     "Utdannet geomatiker fra NMBU. Flyr drone over alt fra hyttefelt til rasområder og lager "
     "kart, terrengmodeller og analyser. Jobbet ti år i Statens vegvesen før Hallingkart.",
     {"web": "hallingkart.example"}),
    ("p-15", "Lena Hoffmann", "flaa", "c-08", "en de nb", "mAa",
     "UX researcher and designer, Lynghei UX-studio",
     "UX:5, brukertesting:5, Figma:4, tjenestedesign:4, universell utforming:3",
     "I moved from Hamburg to Flå in 2022 after eight years of UX research for e-commerce and "
     "public services. Now I help Norwegian teams test ideas with real users *before* they "
     "build. Happy to talk in English or German – my Norwegian improves every week!",
     {"web": "lynghei.example", "li": "lena-hoffmann-ux-3e8f", "vis": "contact=public"}),
    ("p-16", "Anne Lise Thorsrud", "aal", "c-09", "nn nb", "mA",
     "IKT-leiar i Hallingdal IKT",
     "leiing:5, anskaffingar:5, ITIL:4, informasjonssikkerhet:4, Microsoft 365:3",
     "Leiar det interkommunale IKT-samarbeidet i dalen. Oppteken av at kommunane skal kjøpe "
     "smart, dele på kompetansen og bruke lokale leverandørar der det gir meining.", {}),
    ("p-17", "Bjørn Grøthe", "hemsedal", "c-09", "nn", "m",
     "Nettverksingeniør", "nettverk:5, Cisco:4, Wi-Fi:4, IT-sikkerhet:3, Linux:3",
     "Ansvarleg for nettverket til skular og helsebygg i Hallingdal. Når eg ikkje sit i eit "
     "nodehus, står eg truleg på ski i Hemsedal.", {}),
    ("p-18", "Geir Haugo", "gol", "c-10", "nn nb en", "mA",
     "IT-sjef i Hallingdal Fiber",
     "IT-sikkerhet:4, Azure:4, nettverk:4, leiing:4, prosjektleiing:4",
     "Ansvarleg for kundesystem, dataplattform og IT-tryggleik i Hallingdal Fiber. Vi er "
     "alltid på utkikk etter folk som vil jobbe med IT i dalen – ta kontakt!",
     {"vis": "contact=public", "li": "geir-haugo-5a7e02"}),
    ("p-19", "Sofie Lien", "gol", "c-10", "nn nb en", "m",
     "Dataanalytikar – Power BI og Python",
     "Power BI:5, dataanalyse:5, Python:4, SQL:4, Excel:4",
     "Lagar dashbord og analysar som viser kvar fiberen bør gå neste år. Master i statistikk "
     "frå NTNU, flytta heim til Gol i 2023.", {"gh": "sofielien-data"}),
    ("p-20", "Emil Tuv", "hemsedal", "c-11", "nn en", "Aa",
     "Utviklar og gründer i Hemsedal Digital",
     "React:4, Node.js:4, Stripe:4, API-integrasjon:4, WordPress:3",
     "Skikøyrar som vart utviklar. Eg lagar bookingløysingar for hytteutleige og aktivitetar, "
     "og veit kor viktig det er at betalinga fungerer ein laurdag i vinterferien.",
     {"web": "hemsedaldigital.example"}),
    ("p-21", "Silje Hagen", "nesbyen", "Equinor (fjernarbeid)", "nb en", "mrc",
     "Data engineer med hjemmekontor i Nesbyen",
     "Azure:5, Python:5, Databricks:4, SQL:4, dataanalyse:4",
     "Jobber med dataplattform i Azure fra hjemmekontor i Nesbyen, og er i Bergen et par dager "
     "i måneden. Savner fagmiljø i hverdagen, så jeg tar gjerne en kaffe på huben i Gol.",
     {"vis": "employer=members", "li": "silje-hagen-data-22b9"}),
    ("p-22", "Martin Storås", "hol", "Kartverket", "nb en", "mr",
     "Systemutvikler, kart og geodata", "Java:5, GIS:4, Python:4, PostGIS:4, Kubernetes:3",
     "Utvikler kartløsninger på hjemmekontor på Geilo. Mest Java og Python, mye PostGIS.",
     {"vis": "bio=private"}),
    ("p-23", "Jon Ivar Nøkleby", "gol", "NAV IT", "nn nb en", "mr",
     "Backend-utviklar i NAV IT",
     "Kotlin:5, Kafka:4, Kubernetes:4, Java:4, PostgreSQL:3",
     "Jobbar med Kotlin og Kafka, heilt frå heimekontoret på Gol. Er med og arrangerer "
     "kodekveld på huben første torsdag i månaden.",
     {"vis": "skills=members", "gh": "jinokleby"}),
    ("p-24", "Erik Lindqvist", "hemsedal", "Ericsson (remote)", "sv en nb", "r",
     "Software engineer, cloud and telecom – remote from Hemsedal",
     "Go:5, Kubernetes:5, Linux:4, nettverk:4, Python:3",
     "Swede living in Hemsedal since 2019, originally for the skiing. I work remotely on "
     "cloud-native network software. Always happy to meet other developers in the valley.",
     {"gh": "eriklindqvist-hd"}),
    ("p-25", "Guro Bøe", "hemsedal", "", "nn nb en", "ma",
     "Frilans webdesignar – WordPress og nettbutikk",
     "WordPress:5, nettbutikk:4, webdesign:4, foto:3, SEO:3",
     "Eg lagar nettsider og nettbutikkar for småbedrifter, gardsbruk og hytteutleigarar. Fast "
     "pris, klart språk og opplæring, så du kan oppdatere sjølv. Ledig for nye oppdrag.",
     {"web": "guroboe.example", "vis": "contact=public"}),
    ("p-26", "Oddvar Medhus", "flaa", "", "nb", "ma",
     "Pensjonert IT-lærer – kurs i digital hverdag",
     "opplæring:5, Microsoft 365:3, IT-sikkerhet:2",
     "Underviste i IT på videregående i 30 år. Holder nå kurs for seniorer og småbedrifter i "
     "Microsoft 365, nettbank og hvordan man unngår svindel på nett.", {}),
    ("p-27", "Thomas Brenna", "other", "c-04", "nb en", "",
     "Frontend-utvikler i Vidde Digital", "JavaScript:4, CSS:4, React:3, WordPress:3",
     "Bor på Hønefoss og jobber for Vidde Digital, mest hjemmefra. Er i Nesbyen en dag i uka.",
     {}),
    ("p-28", "Tomas Petrauskas", "hol", "c-10", "nb en", "m",
     "Nettverkstekniker, fiber", "nettverk:5, fiber:5, overvåking:4, Linux:3",
     "Fra Kaunas, bodd på Geilo siden 2012. Jobber med overvåking og feilretting i fibernettet, "
     "og tar gjerne en prat om nettverk på norsk, litauisk eller engelsk.", {}),
    ("p-29", "Hallvard Kvisla", "other", "c-01", "nn nb en", "m",
     "Utviklar i Fjellkode, bur i Drammen", "Python:4, Django:4, React:3, AWS:3",
     "Oppvaksen i Ål, bur no i Drammen, men jobbar framleis for Fjellkode – på avstand og frå "
     "hytta i Vats.", {}),
    ("p-30", "Per Sandvik", "flaa", "c-12", "nb", "pac",
     "Driver Flå Kontor og Data", "PC-service:4, Microsoft 365:3, nettverk:3",
     "Selger og reparerer kontorutstyr og PC-er i Flå, og har begynt med skytjenester for "
     "småbedrifter.", {"user": "per@example.org"}),
    ("p-31", "Ingrid Moen", "nesbyen", "Sopra Steria (fjernarbeid)", "nb en", "pr",
     "Prosjektleder og tjenestedesigner",
     "prosjektledelse:5, tjenestedesign:4, Jira:4, smidig utvikling:4",
     "Flyttet fra Oslo til Nesbyen i vinter og jobber hjemmefra. Ser etter et faglig nettverk "
     "her i dalen.", {"user": "ingrid@example.org"}),
]

# Users this module creates so that staff have a queue: (email, name, why, offer, need).
APPLICANTS = [
    ("per@example.org", "Per Sandvik",
     "Jeg driver et lite firma i Flå og ser at kundene mine trenger mer enn PC-reparasjon. "
     "Vil gjerne bli kjent med IT-folkene i resten av dalen.",
     "Lokal service i Flå og nedre del av dalen, og et lokale som kan brukes til kurs.",
     "Noen å spørre om skytjenester og sikkerhet, og samarbeidspartnere på større oppdrag."),
    ("ingrid@example.org", "Ingrid Moen",
     "Jeg flyttet til Nesbyen i vinter og jobber hjemmefra for et konsulentselskap i Oslo. "
     "Savner fagmiljøet og vil bli kjent med folk som jobber med IT her.",
     "Erfaring med tjenestedesign og prosjektledelse i offentlig sektor. Holder gjerne et "
     "foredrag, eller hjelper en kommune med brukerinnsikt.",
     "Kontorplass noen dager i uka og et faglig nettverk."),
]
SOURCES = {"m": Company.Source.IMPORT, "c": Company.Source.USER, "r": Company.Source.REGISTER}
CLAIM = ("per@example.org", "c-12",
         "Jeg er daglig leder og eneste eier av Flå Kontor og Data AS, og står oppført som "
         "innehaver i Enhetsregisteret.")
# fmt: on


def _org_number(prefix: str) -> str:
    digit = check_digit(prefix)
    if digit is None:
        raise ValueError(f"{prefix} has no valid check digit; pick another prefix")
    return f"{prefix}{digit}"


def _mailbox(name: str) -> str:
    text = name.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "."}))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.replace("-", "")


def _users() -> dict[str, User]:
    """The demo users by email: those load_demo made, plus the applicants (made here)."""
    emails = [p[9]["user"] for p in PEOPLE if "user" in p[9]]
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    for email, name, *_answers in APPLICANTS:
        if email not in users:
            users[email] = user_create(email=email, password=None, name=name, email_verified=True)
    return users


def _load_companies(now) -> tuple[dict[str, Company], int]:
    keys = [f"demo-{c[0]}" for c in COMPANIES]
    companies = {c.external_id: c for c in Company.objects.filter(external_id__in=keys)}
    created = 0
    for key, name, prefix, muni, nace, employees, web, status, desc, services, skills in COMPANIES:
        org_number = _org_number(prefix)
        if f"demo-{key}" in companies or Company.objects.filter(org_number=org_number).exists():
            continue
        member = status == "m"
        company = Company.objects.create(
            external_id=f"demo-{key}",
            org_number=org_number,
            name=name,
            nace=nace,
            municipality=muni,
            employees=employees,
            description=desc,
            services=services.split(" | ") if services else [],
            website=f"https://{web}" if web else "",
            contact_email=f"post@{web}" if web else "",
            source=SOURCES[status],
            is_claimed=status != "r",
            member_status=MemberStatus.APPROVED if member else MemberStatus.NONE,
            member_since=now if member else None,
        )
        CompanySkill.objects.bulk_create(
            CompanySkill(company=company, name=skill) for skill in skills.split(", ") if skill
        )
        companies[company.external_id] = company
        created += 1
    return companies, created


def _load_people(now, companies: dict[str, Company], users: dict[str, User]) -> int:
    keys = [f"demo-{p[0]}" for p in PEOPLE]
    existing = {p.external_id: p for p in Person.objects.filter(external_id__in=keys)}
    taken = set(Person.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    created, roles = 0, []
    for key, name, muni, employer, langs, flags, headline, skills, bio, extra in PEOPLE:
        user = users.get(extra.get("user", ""))
        if user is not None and user.pk in taken:
            continue  # this user already has a profile of their own
        person = existing.get(f"demo-{key}")
        if person is not None:
            if person.user_id is None and user is not None:  # the user was made after us
                person.user = user
                person.save(update_fields=["user", "updated_at"])
            continue
        company = companies.get(f"demo-{employer}")
        domain = company.website.removeprefix("https://") if company and company.website else ""
        if user is not None:
            email = user.email
        elif domain:
            email = f"{_mailbox(name.split()[0])}@{domain}"
        else:
            email = f"{_mailbox(name)}@example.org"
        member = "m" in flags
        status = MemberStatus.APPLIED if "p" in flags else MemberStatus.NONE
        visibility = dict(item.split("=") for item in extra.get("vis", "").split())
        person = Person.objects.create(
            user=user,
            external_id=f"demo-{key}",
            name=name,
            headline=headline,
            bio=bio,
            municipality=muni,
            employer=company,
            employer_name="" if company or employer.startswith("c-") else employer,
            languages=langs.split(),
            linkedin_url=f"https://www.linkedin.com/in/{extra['li']}" if "li" in extra else "",
            github_url=f"https://github.com/{extra['gh']}" if "gh" in extra else "",
            website_url=f"https://{extra['web']}" if "web" in extra else "",
            available_for_assignments="a" in flags,
            remote_worker="r" in flags,
            survey_consent="c" in flags,
            contact_email=email,
            member_status=MemberStatus.APPROVED if member else status,
            member_since=now if member else None,
            **{f"{field}_visibility": value for field, value in visibility.items()},
        )
        PersonSkill.objects.bulk_create(
            PersonSkill(person=person, name=skill, level=int(level))
            for skill, level in (item.rsplit(":", 1) for item in skills.split(", "))
        )
        if company is not None and company.is_claimed:
            roles.append((company, person, "A" in flags))
        created += 1
    CompanyRole.objects.bulk_create(
        CompanyRole(company=c, person=p, is_admin=admin, status=CompanyRole.Status.CONFIRMED)
        for c, p, admin in roles
    )
    return created


def _load_queue(companies: dict[str, Company], users: dict[str, User]) -> int:
    """Pending membership applications and a pending claim, unless already made once."""
    created = 0
    for email, _name, why, offer, need in APPLICANTS:
        user = users[email]
        if not MembershipApplication.objects.filter(user=user).exists():
            MembershipApplication.objects.create(
                user=user, kind=MembershipApplication.Kind.PERSON, why=why, offer=offer, need=need
            )
            created += 1
    email, key, message = CLAIM
    company = companies.get(f"demo-{key}")
    if (
        company is not None
        and not company.is_claimed
        and not CompanyClaim.objects.filter(company=company, user=users[email]).exists()
    ):
        CompanyClaim.objects.create(company=company, user=users[email], message=message)
        created += 1
    return created


def load(stdout) -> None:
    """Create the demo directory; what already exists is left as it is."""
    now = timezone.now()
    with transaction.atomic():
        users = _users()
        companies, n_companies = _load_companies(now)
        n_people = _load_people(now, companies, users)
        n_queue = _load_queue(companies, users)
    stdout.write(
        f"Directory demo: {n_companies} companies, {n_people} people, "
        f"{n_queue} applications and claims created.\n"
    )
