//! The phrase banks of the home-care survey, written for teema: one
//! template a line (`#` starts a comment). `{a|b|c}` is one of the
//! alternatives; `@n @g @a @p @t` is the client as the relative names them
//! (äiti, äidin, äidille, äitiä, äidiltä). A themed template speaks of its
//! own theme only, so the gold file is exact; most say it without the
//! theme's word, as respondents do.

use super::{Language, Question, Theme};

/// The bank of one language, question and theme (empty: none written).
pub fn bank(l: Language, q: Question, t: Theme) -> &'static str {
    use Question::{Hyvaa as H, Kehittaa as K};
    use Theme::*;
    match l {
        Language::Finnish => match (q, t) {
            (H, Jatkuvuus) => FI_H_JATKUVUUS,
            (H, Kiire) => FI_H_KIIRE,
            (H, Kayntiajat) => FI_H_KAYNTIAJAT,
            (H, Tiedonkulku) => FI_H_TIEDONKULKU,
            (H, Laakkeet) => FI_H_LAAKKEET,
            (H, Kohtelu) => FI_H_KOHTELU,
            (H, Ruoka) => FI_H_RUOKA,
            (H, Turvallisuus) => FI_H_TURVALLISUUS,
            (H, OmaisenTuki) => FI_H_OMAISEN_TUKI,
            (K, Jatkuvuus) => FI_K_JATKUVUUS,
            (K, Kiire) => FI_K_KIIRE,
            (K, Kayntiajat) => FI_K_KAYNTIAJAT,
            (K, Tiedonkulku) => FI_K_TIEDONKULKU,
            (K, Laakkeet) => FI_K_LAAKKEET,
            (K, Kohtelu) => FI_K_KOHTELU,
            (K, Ruoka) => FI_K_RUOKA,
            (K, Turvallisuus) => FI_K_TURVALLISUUS,
            (K, OmaisenTuki) => FI_K_OMAISEN_TUKI,
        },
        Language::Swedish => match (q, t) {
            (H, Jatkuvuus) => {
                "Samma vårdare kommer nästan varje dag.\nPappa känner vårdarna vid namn nu.\nFasta vårdare, inte nya ansikten hela tiden."
            }
            (H, Kiire) => {
                "Vårdarna har tid att sitta ner och prata en stund.\nIngen brådska vid besöken.\nDe tar sig tid med mamma."
            }
            (H, Kayntiajat) => {
                "Besöken kommer på utsatt tid.\nMorgonbesöket kommer alltid ungefär samma tid."
            }
            (H, Tiedonkulku) => {
                "De ringer mig {direkt|alltid} om något är annorlunda.\nBra kontakt med oss anhöriga.\nMan får svar när man ringer."
            }
            (H, Laakkeet) => "Medicinerna sköts noggrant.\nDosetten är alltid rätt fylld.",
            (H, Kohtelu) => {
                "Personalen är vänlig och {glad|trevlig}.\nDe behandlar mamma med respekt.\nAlla är så snälla mot pappa.\nDe pratar svenska med mamma, det betyder mycket."
            }
            (H, Ruoka) => "Maten är god och kommer varm.\nDe ser till att pappa äter.",
            (H, Turvallisuus) => {
                "Trygghetslarmet fungerar {bra|fint}.\nJag kan sova lugnt på nätterna.\nDet känns tryggt att någon tittar in varje dag."
            }
            (H, OmaisenTuki) => "Jag får själv andas ut lite.\nJag orkar bättre nu.",
            (K, Jatkuvuus) => {
                "Det är en ny vårdare varje gång.\nFör många olika personer, mamma blir förvirrad.\nSamma personal skulle vara viktigt."
            }
            (K, Kiire) => {
                "Alltid bråttom, besöken är alldeles för korta.\nMer tid för varje besök.\nDe hinner inte prata alls."
            }
            (K, Kayntiajat) => {
                "Morgonbesöket kommer först vid elva.\nMan vet aldrig när de kommer.\nKvällsbesöket är redan klockan fem."
            }
            (K, Tiedonkulku) => {
                "Ingen svarar i telefon.\nVi anhöriga får ingen information.\nRing oss när något förändras!"
            }
            (K, Laakkeet) => "Medicinerna har glömts bort flera gånger.\nFel tabletter i dosetten.",
            (K, Kohtelu) => {
                "Alla vårdare kan inte svenska och mamma förstår inte vad de säger.\nMer respekt mot äldre."
            }
            (K, Ruoka) => "Maten blir ofta oäten.\nMaten är smaklös.",
            (K, Turvallisuus) => {
                "Pappa föll och låg på golvet hela natten.\nJag är rädd att något ska hända på natten."
            }
            (K, OmaisenTuki) => "Ingen frågar hur jag orkar.\nStöd för anhöriga behövs.",
        },
        Language::English => match (q, t) {
            (H, Jatkuvuus) => {
                "Mostly the same familiar faces.\nThe same two nurses come almost every day."
            }
            (H, Kiire) => "They take time to sit down and chat with {her|him}.\nNobody rushes.",
            (H, Kayntiajat) => "Visits come on time.\nThe evening visit is late enough.",
            (H, Tiedonkulku) => {
                "They always call me if something is off.\nGood contact with the family."
            }
            (H, Laakkeet) => "Medication is handled carefully.\nThe pills are always right.",
            (H, Kohtelu) => {
                "The nurses are {kind|lovely} and respectful to my {mother|father}.\nFriendly staff.\nThey treat {her|him} like a person, not a patient."
            }
            (H, Ruoka) => "Meals arrive warm and she actually eats now.",
            (H, Turvallisuus) => {
                "Peace of mind, I know someone checks on {her|him} every day.\nThe alarm bracelet works."
            }
            (H, OmaisenTuki) => "I finally get some rest myself.\nI can go to work again.",
            (K, Jatkuvuus) => {
                "A different carer every single visit.\nToo many new faces, {she|he} gets confused."
            }
            (K, Kiire) => {
                "Always in a hurry, visits are way too short.\nMore time per visit please."
            }
            (K, Kayntiajat) => {
                "The morning visit comes way too late, sometimes at noon.\nYou never know when they will show up."
            }
            (K, Tiedonkulku) => {
                "Nobody answers the phone and nobody tells us anything.\nPlease inform the family when things change."
            }
            (K, Laakkeet) => {
                "Pills were forgotten twice last month.\nWrong tablets in the dispenser."
            }
            (K, Kohtelu) => "Some carers talk to him like a child.\nNot everyone even says hello.",
            (K, Ruoka) => "Food is left uneaten in the fridge.\nThe meals are bland.",
            (K, Turvallisuus) => {
                "She fell at night and nobody came until morning.\nThe front door is left unlocked."
            }
            (K, OmaisenTuki) => {
                "Nobody asks how the family is coping.\nSome support for relatives would help."
            }
        },
    }
}

/// Answers without a theme, per language and question.
pub fn no_theme(l: Language, q: Question) -> &'static str {
    match (l, q) {
        (Language::Finnish, Question::Hyvaa) => FI_H_NONE,
        (Language::Finnish, Question::Kehittaa) => FI_K_NONE,
        (Language::Swedish, Question::Hyvaa) => "Vet inte.\nAllt bra.\n-\nSvårt att säga.",
        (Language::Swedish, Question::Kehittaa) => "Inget att tillägga.\nVet inte.\n-\nTack!",
        (Language::English, Question::Hyvaa) => "All good.\nDon't know.\n-\nHard to say.",
        (Language::English, Question::Kehittaa) => "Nothing to add.\n-\nThanks!\nNo idea.",
    }
}

const FI_H_JATKUVUUS: &str = r"
Samat tutut hoitajat käyvät {lähes|melkein} joka päivä.
@n tuntee hoitajat nimeltä ja odottaa heitä.
Kun ovesta tulee tuttu naama, @n rauhoittuu heti.
{On ollut|Ollut} pääosin samat {kasvot|ihmiset} käymässä, se on {tärkeää|iso asia} muistisairaalle.
Omahoitaja tietää @g tavat ja tottumukset.
Ei tarvitse joka kerta selittää alusta asti mitä @n tarvitsee.
Aamuisin käy {yleensä|melkein aina} sama hoitaja, @n tykkää hänestä kovasti.
Hoitajat tietävät jo mihin kaappiin mikäkin kuuluu.
Pieni porukka hoitajia, ei ole joka päivä uusi ihminen ovella.
Tutut hoitajat huomaavat heti jos @n ei ole oma itsensä.
@n on oppinut luottamaan hoitajiin kun he eivät vaihdu koko ajan.
Kesälläkin oli {onneksi|yllättäen} tuttuja sijaisia.
Sama {tiimi|porukka} on käynyt meillä jo {pari vuotta|kolmatta vuotta}.
Hoitaja muisti @g syntymäpäivän, kun on käynyt niin kauan.
Hoitajat tuntevat @p jo {kuin oman perheenjäsenen|niin hyvin että huomaavat pienetkin muutokset}.
{Tutut|Samat} ihmiset, ei tarvii aina esitellä itseään uudestaan.
Ei ole tarvinnut totutella vieraisiin ihmisiin.
Hoitajat pysyvät samoina, niin @n uskaltaa avata oven.
Pysyvyys, samat hoitajat viikosta toiseen.
Se että kotiin tulee ihminen jonka @n tuntee.
Vakituiset hoitajat on {ihania|kullanarvoisia}.
On ilo nähdä kun sama hoitaja tulee taas ja @n ilahtuu.
@n muistaa hoitajien nimet, vaikka muuten muisti pätkii.
Sanna ja Leena, {meidän|@g} vakkarit, ovat {parhaita|ihan parhaita}.
";

const FI_K_JATKUVUUS: &str = r"
Joka käynnillä on {eri|uusi} hoitaja, @n ei tiedä kuka ovella on.
Liikaa vaihtuvuutta, {pelkkiä|paljon} keikkalaisia ja sijaisia.
Hoitajat vaihtuu {jatkuvasti|koko ajan|tiuhaan}, @n {menee sekaisin|hämmentyy|ahdistuu}.
Samat hoitajat olisivat tärkeitä muistisairaalle.
Yhden viikon aikana kävi {11|yksitoista|toistakymmentä} eri ihmistä.
Sijaiset eivät tunne @p eivätkä tiedä missä tavarat on.
Uusi ihminen ei huomaa jos @n on huonommassa kunnossa kuin ennen.
Omahoitaja pitäisi {olla|saada} oikeasti, nyt se on vain paperilla.
@n ei {suostu|halua} päästää sisään vieraita ihmisiä.
Joka kerta pitää selittää uudelle ihmiselle missä kaapissa sukat on.
Vuokrafirmojen hoitajat vaihtuvat niin että en itsekään tiedä kuka käy.
Vähemmän eri ihmisiä saman asiakkaan luona.
Pysyvämpi henkilökunta.
Kesällä ei ollut yhtään tuttua, kaikki kesäsijaisia.
{Kunpa|Jospa} sama hoitaja kävisi edes {aamuisin|muutaman kerran viikossa}.
Tuntuu että joka päivä joku uusi naama ja aina aloitetaan alusta.
Ei kukaan ehdi oppia tuntemaan @p kun porukka vaihtuu.
Muistisairas ei pysy mukana kun ihmiset vaihtuvat.
Tuttuja hoitajia lisää, ei aina uusia.
@n kysyy aina kuka se vieras ihminen oli.
Vaihtuvuus on ihan {järjetöntä|kamalaa}.
Ei ole yhtään hoitajaa joka tuntisi @g tilanteen kokonaan.
Pitäisi panostaa siihen että hoitajat pysyvät, nyt ihmiset lähtee.
Hoitajien vaihtuvuus.
Uudet hoitajat ei tiedä @g tapoja, ja @n hermostuu.
Sama naama edes kahtena päivänä peräkkäin olisi jo paljon.
";

const FI_H_KIIRE: &str = r"
Hoitajat {ehtivät|ehtii} istua {hetken|alas} ja jutella @g kanssa.
Käynneillä ei hätäillä, @n saa pukea rauhassa.
Hoitaja {jää|jäi} joskus juomaan kupin kahvia @g kanssa.
On aikaa kuunnella mitä @n {sanoo|kertoo}.
Suihkussa käydään rauhassa eikä hoputeta.
Kukaan ei {hoputa|kiirehdi}, vaikka tiedän että töitä riittää.
Ehtivät vaihtaa kuulumiset, ei vain suorita ja lähde.
Saa kysyä asioita eikä tule tunnetta että ollaan tiellä.
Käynnit eivät ole mitään viiden minuutin pistäytymisiä.
Iltakäynnillä on joskus aikaa katsoa vaikka uutiset yhdessä.
Hoitajat pysähtyvät ja kysyvät mitä kuuluu.
Ei tunnu liukuhihnalta.
Aikaa on riittänyt vaikka @n on hidas liikkeissään.
Käynnillä keskitytään yhteen ihmiseen kerrallaan.
Hoitaja odotti kärsivällisesti kun @n etsi silmälasejaan.
Ne ottaa aikaa ja @n tykkää siitä.
Aina on ehditty jutella vähän mukavia.
Käynti ei ole pelkkää suorittamista.
Ulkoilemaankin on ehditty {kesällä|pari kertaa}.
Riittävästi aikaa {aamutoimiin|pesuihin|pukemiseen}.
On aikaa pysähtyä.
@n ei tunne olevansa taakka, kun ei kiirehditä.
Tuntuu että käynnillä on oikeasti läsnä.
";

const FI_K_KIIRE: &str = r"
{Aina|Koko ajan|Ihan hirvee} kiire, hoitaja {juoksee|ryntää} ovesta sisään ja ulos.
Käynti kestää {viisi|5|kymmenen} minuuttia, ei siinä ehdi mitään.
Enemmän aikaa {asiakkaalle|@a|jokaiseen käyntiin}.
@n sanoo että hoitajat on {kello kädessä|koko ajan lähdössä}.
Ei ehditä {kuunnella|jutella|kysyä kuulumisia}, pelkkää suorittamista.
Hoitajia pitäisi olla enemmän niin ei tarvitsisi juosta.
Suihkussa käynti tehdään liian nopeasti, @n ei pysy perässä.
Käynnit on niin lyhyitä että @n jää odottamaan seuraavaa.
Hoitajat ovat niin {kiireisiä|stressaantuneita} että niitä ei kehtaa pyytää mitään.
Tuntuu että aikataulu on tärkeämpi kuin ihminen.
Mitoitus kuntoon, nyt yksi hoitaja hoitaa liian monta.
Ei ehditä edes riisua kenkiä kun jo lähdetään.
Ehtisivät edes istua alas hetkeksi.
Tuntuu liukuhihnalta.
Kun @n on hidas, hoitajat tekevät asiat hänen puolestaan eivätkä odota.
Pitäisi olla aikaa myös {ulkoiluun|pihalle menemiseen}.
Hoitajien stressi välittyy @a asti.
Minuuttiaikataulu ei sovi vanhalle ihmiselle.
Hoitajia on liian vähän asiakkaisiin nähden.
Ei ole aikaa kuunnella, vaikka @n yrittäisi kertoa jotain.
vähän lisää aikaa per käynti
Aikaa enemmän!
Ei pelkkää pyörähdystä, vaan oikea käynti.
Hoitajat ovat väsyneitä ja ylikuormitettuja, sen huomaa.
Ovi käy ja hoitaja on jo mennyt ennen kuin @n ehtii sanoa mitään.
";

const FI_H_KAYNTIAJAT: &str = r"
Käynnit tulevat {suunnilleen|aika lailla} samaan aikaan joka päivä.
Aamukäynti on {ajoissa|sopivaan aikaan}, @n ei joudu odottelemaan.
Iltakäynti on {tarpeeksi|riittävän} myöhään, ettei tarvitse mennä nukkumaan kuudelta.
Aikataulut ovat pitäneet {hyvin|yllättävän hyvin}.
Tietää suunnilleen milloin tullaan, se tuo rytmiä päivään.
Kellonajat on sovittu @g rytmin mukaan.
Ei ole tarvinnut {odotella|odottaa} tuntikausia.
Aamulla tullaan vasta kun @n on herännyt, ei herätetä.
Ajoista on joustettu kun meillä on ollut menoa.
Säännöllinen päivärytmi, {aamu, päivä ja ilta|kolme kertaa päivässä} samoihin aikoihin.
Täsmällisyys.
Iltakäynti ei ole liian aikaisin.
Ajat pitävät {melkein minuutilleen|hyvin}.
Kun hoitajat tulevat samoihin aikoihin, @n osaa odottaa.
Pyhinäkin käynnit tulevat {normaalisti|ajallaan}.
On saatu sovittua sopivat ajat.
@n tietää kellosta milloin hoitaja tulee.
Aamun käynti on {kahdeksan|yhdeksän} maissa, just hyvä.
Kun kerran pyysin myöhäisempää iltakäyntiä, se järjestyi.
";

const FI_K_KAYNTIAJAT: &str = r"
Aamukäynti tulee {vasta|joskus vasta} {yhdeltätoista|puolen päivän aikaan|kymmenen jälkeen}.
Iltakäynti on jo {neljältä|viideltä|ennen kuutta}, ja sitten ollaan yöpuvussa koko ilta.
Ei tiedä koskaan milloin tullaan, {vaihtelee tunneilla|aika heittelee}.
@n odottaa {takki päällä|eteisessä} kun ei tiedä milloin hoitaja tulee.
Kellonajat pitäisi sopia ja niissä pysyä.
{Sovituista|Luvatuista} ajoista ei pidetä kiinni.
Pitäisi voida valita itse milloin käydään.
Käynnit niin myöhään että @n on jo itse kömpinyt sängystä.
Viikonloppuisin {aikataulu|rytmi} on ihan eri.
Herätetään seitsemältä vaikka @n nukkuisi mielellään pidempään.
Päivät venyvät kun aamukäynti myöhästyy.
Aikataulut heittelevät {ihan|tosi} paljon.
Tulisivat edes suunnilleen samaan aikaan.
Liian pitkä väli illan ja aamun käynnin välillä.
Kun on sovittu menoa, hoitaja tuleekin juuri silloin.
Ajoissa tuleminen.
Joskus käynti jää kokonaan väliin eikä kukaan tule.
Aikataulu ei jousta yhtään, esim. kampaamon takia.
Iltakäynti on aivan liian aikaisin, kukaan ei mene nukkumaan kuudelta.
Aamupesulle tullaan milloin sattuu.
Käyntiajat.
Ennen yhdeksää ei pitäisi tulla herättämään.
";

const FI_H_TIEDONKULKU: &str = r"
Hoitajat soittavat {heti|aina} jos on jotain kerrottavaa.
Kotona on vihko, johon kirjoitetaan {kuulumiset|mitä käynnillä tehtiin}.
{Tavoittaa|Saa kiinni} puhelimella {helposti|hyvin}.
Minulle kerrotaan {muutoksista|jos @g vointi muuttuu}.
Viestit kulkevat {meidän omaisten|meidän} ja hoitajien välillä.
Tekstiviesti tulee jos on jotain erityistä.
Vastaava hoitaja {on soittanut|soitti} ja kysyi mielipidettäni.
Asioista keskustellaan avoimesti.
Hoitopalaverissa kuunneltiin myös meitä omaisia.
Olen pysynyt kärryillä @g asioista, vaikka asun kaukana.
Sähköpostiin vastataan {samana päivänä|nopeasti}.
Yhteystiedot on selkeät, tietää kenelle soittaa.
Saan tiedon jos @n ei ole ollut oma itsensä.
Kysymyksiin on aina vastattu.
Tiimin puhelimeen vastataan.
Kirjaukset ovat {ajan tasalla|hyviä} ja niitä saa lukea.
Hoitaja kertoi {suoraan|rehellisesti} miten @n pärjää.
Yhteydenpito omaisten kanssa toimii.
Ilmoittavat jos jokin on muuttunut.
tieto kulkee
Kun soitin huolissani, minulle soitettiin takaisin {tunnin sisällä|samana päivänä}.
Tiedän aina mitä on sovittu.
";

const FI_K_TIEDONKULKU: &str = r"
Kukaan ei kerro {mitään|meille mitään}, pitää itse kysellä.
Puhelimeen ei vastata, {soitin|soittelin} {monta kertaa|koko päivän}.
{Omaisille|Meille} pitäisi ilmoittaa kun jotain muuttuu.
Sain vasta {jälkikäteen|viikon päästä} tietää että @n oli ollut sairaalassa.
Vihkoon ei kirjoiteta mitään.
En tiedä kenelle pitäisi soittaa kun on kysyttävää.
Takaisinsoittoa luvataan mutta {kukaan ei soita|sitä ei tule}.
Hoitajat kertovat eri asioita, {toinen sanoo yhtä ja toinen toista|ei tiedä kehen uskoa}.
Joku sähköinen {kanava|sovellus}, josta näkisi mitä käynnillä on tehty.
Yhteystiedot muuttuvat eikä kukaan ilmoita.
Omaiset pitää ottaa mukaan kun suunnitelmia tehdään.
Tieto ei kulje hoitajalta toiselle, sama asia pitää kertoa monta kertaa.
Meille ei kerrottu että käyntien määrä muuttui.
Kysyin asiaa sähköpostilla, ei vastausta {vieläkään|kuukauteen}.
Toivoisin että joku soittaisi edes {kerran kuussa|joskus} ja kertoisi miten menee.
Asiakasmaksuista ei saa selvää.
Vastaavaa hoitajaa on mahdoton tavoittaa.
Enemmän yhteydenpitoa omaisiin.
Olisi kiva tietää edes joskus miten @n on voinut.
Tiimin numero soi tyhjää.
Viestit hukkuu jonnekin.
Puhelinaika on vain tunnin aamulla, silloin olen itse töissä.
";

const FI_H_LAAKKEET: &str = r"
Lääkkeet {jaetaan|on jaettu} dosettiin {oikein|huolellisesti}.
Hoitajat {huolehtivat|muistavat} että @n ottaa {pillerit|tabletit|lääkkeensä}.
Apteekkiasiat hoituvat ilman minua.
Reseptit uusitaan {ajallaan|ajoissa}.
Lääkelista on ajan tasalla.
Insuliini {pistetään|annetaan} {oikeaan aikaan|täsmällisesti}.
Hoitaja huomasi että uusi lääke sopi huonosti ja otti yhteyttä lääkäriin.
Koneellinen annosjakelu toimii.
Ei tarvitse enää itse {laskea pillereitä|täyttää dosettia} illalla.
Silmätipat ja {voiteet|rasvat} laitetaan joka kerta.
@n ei ole unohtanut ottaa mitään, kun hoitaja katsoo vierestä.
Haavanhoito on {tehty|hoidettu} hyvin.
Verenpaineet mitataan ja seurataan.
Kipulääke annetaan kun tarvitaan.
Sairaanhoitaja kävi katsomassa {jalkaa|haavaa} ja se parani.
Annostelu on {varmaa|tarkkaa}.
Verikokeet saadaan otettua kotona.
Marevan-annokset ovat menneet oikein.
Lääkkeiden kanssa ei ole ollut sotkuja.
Pillerit oikeassa järjestyksessä.
Sokerit mitataan joka aamu.
";

const FI_K_LAAKKEET: &str = r"
Lääkkeet {jäivät|jäi} {antamatta|ottamatta} {pari kertaa|viime viikolla}.
Dosetissa oli {väärät|väärin} tabletit.
Reseptit pääsivät loppumaan, kukaan ei {seuraa|huomannut}.
Hoitaja jätti pillerit pöydälle ja @n ei ottanut niitä.
Pitäisi katsoa että tabletti oikeasti {niellään|menee alas}.
Lääkelista on {sekaisin|vanha}, kukaan ei tiedä mitä @n oikeasti ottaa.
Apteekin kanssa asioiminen jää aina omaisille.
Insuliini annettiin {tuntia myöhässä|väärään aikaan}.
Kipulääkettä ei anneta vaikka @n valittaa kipua.
Lääkemuutoksista ei tiedä kuka vastaa.
Annosjakelu pitäisi saada, nyt jaetaan käsin ja menee sekaisin.
Silmätippoja ei muisteta laittaa.
Haavaa ei hoidettu {kunnolla|ajoissa} ja se tulehtui.
Lääkkeiden tarkistus pitäisi tehdä {useammin|edes kerran vuodessa}.
Unilääkettä annetaan liikaa, @n on päivät {tokkurassa|unessa}.
Sairaanhoitajan käyntejä enemmän.
Verensokereita ei mitata {tarpeeksi usein|säännöllisesti}.
Tabletteja löytyi lattialta.
Lääkkeet pitäisi säilyttää lukitussa kaapissa, nyt ne on keittiön pöydällä.
Lääkehoito.
Pillerit unohtuu.
";

const FI_H_KOHTELU: &str = r"
Hoitajat ovat {ystävällisiä|ihania|lämpimiä} ja {kohteliaita|iloisia}.
He puhuvat @a kuin aikuiselle, eivät kuin lapselle.
@n saa päättää itse {pienistä asioista|mitä laittaa päälle}.
Huumori kukkii, @n nauraa aina kun hoitaja on käynyt.
Kohtelias ja arvostava {ote|asenne}.
Hoitajat kunnioittavat @g tapoja ja kotia.
Ovelle koputetaan ennen kuin tullaan sisään.
Ystävällisyys ja lämpö.
{Kaikki|Jokainen} hoitaja on ollut {mukava|sydämellinen}.
@n sanoo että tytöt on niin {kilttejä|mukavia}.
Kukaan ei ole koskaan {korottanut ääntään|puhunut tylysti}.
Hoitajat jaksavat olla iloisia {huonoinakin päivinä|vaikka @n kiukuttelee}.
Mukavia ihmisiä koko porukka.
{Iloiset|Hymyilevät} hoitajat piristävät @g päivää.
@p kohdellaan ihmisenä eikä {potilaana|numerona}.
Ammattitaitoisia ja {empaattisia|inhimillisiä}.
Hoitajat ovat hienotunteisia pesuissa.
Kohtelu on ollut {hyvää|erinomaista}.
Ne jaksaa kuunnella @g samoja tarinoita.
Lämmin ja välittävä {ote|asenne}, tuntuu että oikeasti välitetään.
Hoitaja halasi @p lähtiessä.
Asiallista ja ystävällistä palvelua.
kiva henkilökunta
Ei puhuta yli @g pään.
Ihanat hoitajat!!
";

const FI_K_KOHTELU: &str = r"
Osa hoitajista puhuu @a {tylysti|kuin lapselle}.
{Yksi|Eräs} sijainen oli todella {epäkohtelias|töykeä}.
Hoitajat puhuvat {keskenään|puhelimessa} omalla kielellään eikä @n ymmärrä.
Pitäisi kysyä @g omaa mielipidettä eikä päättää puolesta.
Kotiin tullaan kuin omaan, {kengät jalassa|koputtamatta}.
Ystävällisyyttä {enemmän|lisää}.
@n on kokenut tulevansa {nolatuksi|nöyryytetyksi} pesutilanteissa.
Kaikki eivät {tervehdi|sano edes päivää}.
Asenne {vanhuksia|ikäihmisiä} kohtaan pitäisi olla {parempi|kunnioittavampi}.
Toivoisin että muistisairaan kanssa osattaisiin olla {kärsivällisempiä|lempeämpiä}.
Ei saa {komentaa|käskeä} aikuista ihmistä.
Yksi hoitaja {nauroi|tuhahti} kun @n ei löytänyt sanoja.
Kohtelu vaihtelee hoitajasta riippuen.
Enemmän {hienotunteisuutta|ihmisläheisyyttä}.
Suomen kieltä pitäisi osata paremmin, @n ei ymmärrä mitä sanotaan.
Yksityisyyttä pitäisi kunnioittaa, ei kaapeille ilman lupaa.
Asiakkaan kuunteleminen.
Muistisairaan kohtaamiseen koulutusta.
Jotkut käyttäytyvät kuin @n olisi esine.
";

const FI_H_RUOKA: &str = r"
Ateriat tulevat {lämpiminä|ajallaan} ja ovat hyviä.
Hoitaja {lämmittää|laittaa} ruoan ja katsoo että @n syö.
@n on {alkanut|ruvennut} taas syödä {kunnolla|paremmin} ja paino on noussut.
Ateriapalvelun ruoka on {maukasta|kotiruoan makuista}.
Jääkaappi tarkistetaan ja vanhat {ruoat|maidot} heitetään pois.
Aamupuuro tehdään valmiiksi joka aamu.
Kauppakassi tulee kotiin {torstaisin|kerran viikossa}.
Välipalat laitetaan esille.
Ruokalista on monipuolinen.
Hoitajat huomasivat että @n {laihtui|ei syönyt} ja siihen puututtiin.
@n saa {erityisruokavalion|gluteenittoman ruokavalion} mukaiset ateriat.
Juotavaa tarjotaan {kesähelteillä|koko ajan}.
Lounas on {hyvää|maistuvaa} ja annos sopiva.
Ruokahalu on parantunut.
Iltapala laitetaan valmiiksi jääkaappiin.
Kotiruokaa!
@n odottaa {lounasta|päivän ateriaa} ja kehuu sitä.
Ateriapalvelu on ollut {pelastus|hyvä ratkaisu}.
Syöminen on pysynyt hyvänä.
Maistuu hyvälle, sanoo @n.
";

const FI_K_RUOKA: &str = r"
Ruoka jää {syömättä|koskematta} {pöydälle|jääkaappiin}, kukaan ei {katso|seuraa} perään.
Ateriapalvelun {ruoka|lounas} on {mautonta|mautonta mössöä|pahaa}.
Jääkaapista löytyy {homeisia|vanhentuneita} {ruokia|jogurtteja}.
Pitäisi {katsoa|valvoa} että @n {juo|syö} tarpeeksi.
Annokset ovat liian {isoja|pieniä}.
@n on laihtunut {paljon|kymmenen kiloa} eikä kukaan ole huomannut.
Aamupala tuodaan pöytään mutta kukaan ei auta syömään.
Ateria tulee kylmänä.
Ruoka on liian {suolaista|kovaa}, @n ei pysty {pureskelemaan|syömään} sitä.
Kaupassa käyntiä pitäisi järjestää.
{Tuoretta|Kunnon} ruokaa eikä pelkkiä eineksiä.
Ravitsemukseen enemmän huomiota.
@n ei jaksa itse lämmittää ruokaa mikrossa.
Juomista ei seurata ja @n oli kuivunut kesällä.
Ruokailuun enemmän avustamista.
Kasvisvaihtoehto olisi kiva.
Jääkaapin siivous.
Pelkkää {makaronilaatikkoa|keittoa} viikosta toiseen.
Voisiko joku keittää puuron?
Ruoka.
";

const FI_H_TURVALLISUUS: &str = r"
Voin itse {nukkua|olla} yöni rauhassa kun tiedän että joku käy.
Turvapuhelin {toimii|on toiminut} ja apu tulee {nopeasti|yölläkin}.
Kun @n kaatui, apu tuli {puolessa tunnissa|nopeasti}.
{Ranneke|Turvaranneke} antaa mielenrauhaa {koko perheelle|meille kaikille}.
@n pystyy asumaan omassa kodissaan {turvallisesti|vielä}.
Hoitajat huomasivat {lieden päällä|kodin vaaranpaikat} ja hoitivat asian.
Ei tarvitse enää pelätä {mitä yöllä tapahtuu|puhelimen soimista}.
Yöpartio käy {tarkistamassa|katsomassa} että kaikki on hyvin.
Tuntuu {turvalliselta|hyvältä} tietää että joku käy {päivittäin|joka päivä}.
Kotiin {asennettiin|saatiin} {tukikahvat|liesivahti} ja @n liikkuu varmemmin.
Hälytyksiin reagoidaan.
Mieli on {levollinen|rauhallinen} kun tiedän @g olevan hyvissä käsissä.
@n ei ole joutunut sairaalaan {kertaakaan|tänä vuonna}.
Huoli on vähentynyt.
Kukaan ei jää makaamaan lattialle pitkäksi aikaa.
Kävelyssä tuetaan ettei tule kaatumisia.
Turvallisuuden tunne.
Suihkussa ollaan vierellä, ettei @n liukastu.
Voin lähteä mökille ilman että koko ajan jännittää.
";

const FI_K_TURVALLISUUS: &str = r"
@n {kaatui|oli kaatunut} ja makasi lattialla {koko yön|tuntikausia} ennen kuin kukaan tuli.
Yöllä ei käy kukaan, ja se pelottaa minua.
Turvapuhelimeen vastataan mutta apua ei tule {tuntiin|ajoissa}.
Ulko-ovi jätetään {lukitsematta|auki}.
Liesi on jäänyt päälle {kaksi kertaa|useasti}.
@n {harhailee|lähtee ulos} öisin eikä kukaan tiedä.
{Liesivahti|Ovihälytin} pitäisi saada.
En uskalla {lähteä mökille|matkustaa}, kun en tiedä pärjääkö @n.
Rannekkeen {akku|paristo} oli loppu eikä kukaan huomannut.
Matot pitäisi poistaa, niihin kompastuu.
Pelottaa koko ajan että jotain sattuu.
@n ei osaa painaa turvanappia {hädän hetkellä|kun pitäisi}.
Liukastumisia on sattunut suihkussa.
Ympärivuorokautista valvontaa tarvittaisiin, kotona ei ole enää turvallista.
Hoitaja jätti {avaimen oveen|oven raolleen}.
Kuka tarkistaa aamulla että @n on kunnossa?
Pimeät portaat, valaistus pitäisi korjata.
Yökäyntejä tarvittaisiin.
Mielenrauha puuttuu.
";

const FI_H_OMAISEN_TUKI: &str = r"
Saan itse {hengähtää|levätä} kun tiedän että joku käy.
Kotihoito on antanut minulle {vapaata|omaa aikaa}.
Joku kysyi {kerrankin|ensimmäistä kertaa} miten minä jaksan.
Omaisten {illassa|ryhmässä} tapasin muita {samassa jamassa olevia|joilla on sama tilanne}.
Ei tarvinnut selittää itseään, kun muilla oli sama {tilanne|arki}.
Pystyn taas käymään töissä.
Intervallijakso antoi minulle {tauon|pari viikkoa lepoa}.
Minun ei tarvitse enää {ajaa joka päivä|olla joka päivä} @g luona.
Omaishoitajan vapaapäivät järjestyivät.
Jaksan paremmin, en ole enää niin {uupunut|väsynyt}.
Sain {keskusteluapua|tukea} kun olin ihan {loppu|poikki}.
Puolisona olen saanut {tukea|apua} omaan jaksamiseen.
Muiden omaisten kanssa juttelu {auttoi|on auttanut} paljon.
Taakka ei ole enää {pelkästään|vain} minun harteillani.
Voin olla taas läheinen enkä pelkkä hoitaja.
Voin käydä {kaupassa|harrastuksissa} rauhassa.
Oma elämä on palannut {edes vähän|pikkuhiljaa}.
Sain vinkkejä muilta joiden {vanhempi|puoliso} on samassa kunnossa.
Vertaisryhmä omaisille {on ollut|oli} {kultaa|paras asia}.
Kukaan ei {tuomitse|moiti}, vaikka en jaksa kaikkea itse.
";

const FI_K_OMAISEN_TUKI: &str = r"
Kukaan ei kysy miten {minä|itse} jaksan.
Omaiset ovat {ihan|aivan} {loppu|äärirajoilla}, meitäkin pitäisi tukea.
Olisi kiva tavata muita joiden {vanhempi|puoliso|läheinen} on {samassa jamassa|samassa tilanteessa}.
Omaishoitajan vapaita ei saa järjestettyä mistään.
Kaikki jää {omaisen|minun} harteille.
Tuntuu että hoidan @p {yksin|enemmän kuin kotihoito}.
Minäkin olen jo {80|yli 80}, en jaksa {enää|kaikkea}.
Vertaistukiryhmä omaisille {iltaisin|kerran kuussa}.
Työn ja @g hoitamisen yhdistäminen on {mahdotonta|raskasta}.
Jonkinlainen {keskusteluapu|tuki} omaiselle kun tilanne on raskas.
Lyhytaikaishoitoa pitäisi saada helpommin, jotta voisin levätä.
Ei ole ketään kenen kanssa {puhua|jakaa} tätä.
Olen itse {sairastunut|uupunut} tämän kaiken keskellä.
Omaisille jotain tukea, nyt ei ole mitään.
Minä teen {kaiken|pyykit ja siivouksen} itse {töiden jälkeen|illalla}.
Lomaa en ole pitänyt {kahteen vuoteen|vuosiin}.
Omaisten kahvila olisi {hyvä|tervetullut}.
Puolisona olen {24/7|yötä päivää} valmiudessa.
Toivoisin että {huomioitaisiin|muistettaisiin} myös meidät omaiset.
Jaksamista omaisille!
";

const FI_H_NONE: &str = r"
En osaa sanoa.
-
Kaikki hyvin.
Ei mitään erityistä.
Hyvä.
ok
Ihan ok kaikki.
En tiedä, asun {toisella paikkakunnalla|kaukana}.
Vaikea sanoa.
Ei kommentoitavaa.
Kaikki on mennyt niin kuin pitääkin.
Perusasiat hoituu.
En osaa eritellä.
{Kaikki|Kokonaisuus} toimii.
Hyvin menee.
.
Ei ole valittamista.
Vasta aloitettu, en osaa vielä sanoa.
@n on tyytyväinen.
ihan hyvä
Kaikki!
Kysykää @t.
Parkkipaikka on {hankala|ahdas} kun käy itse kylässä.
Kyselyssä on liikaa kysymyksiä.
???
Eipä mitään.
";

const FI_K_NONE: &str = r"
En osaa sanoa.
-
Ei mitään.
Jatkakaa samaan malliin!
Ei kehitettävää.
En keksi mitään.
Kaikki hyvin näin.
Vaikea sanoa.
Hyvä näin.
ei
Hinnat nousevat koko ajan.
Parkkipaikkoja vieraille.
En tiedä.
Kysely tuli vähän myöhään.
Jatkakaa!
Kiitos kaikesta.
En osaa sanoa, @n ei ole valittanut.
Tämä kysely olisi pitänyt saada paperilla.
Ei tule mieleen.
xx
";

/// Sentences about the client or the respondent, with no theme.
pub const BACKGROUND: &str = r"
@n on {86|89|91|94}-vuotias ja asuu yksin {kerrostalossa|rivitalossa|omakotitalossa}.
@n on {muistisairas|alkavasti muistisairas|ollut muistisairas jo vuosia}.
Käyn itse @g luona {kerran viikossa|pari kertaa viikossa|melkein joka päivä}.
Asun itse {toisella paikkakunnalla|300 km päässä|samassa kaupungissa|Ruotsissa}.
Olemme olleet kotihoidon asiakkaina {pari vuotta|puoli vuotta|vuodesta 2022}.
@n sairastui {viime keväänä|pari vuotta sitten|aivoinfarktiin viime syksynä}.
{Taustaksi|Tiedoksi}: @n {käyttää rollaattoria|liikkuu pyörätuolilla|näkee huonosti}.
Vastaan @g puolesta, koska hän ei itse {pysty|jaksa}.
@n ei {osaa käyttää|halua käyttää} tietokonetta, joten {vastaan|täytin tämän} hänen puolestaan.
Kokonaisuutena olemme olleet {melko|ihan|pääosin} tyytyväisiä.
Paljon on hyvää ja {jonkin verran|vähän} huonoa.
Olen @g {ainoa lapsi|vanhin lapsi|lähiomainen}.
@n on {entinen opettaja|ollut aina tarkka|ollut koko ikänsä itsenäinen} ja {tarkka asioistaan|haluaisi pärjätä itse}.
Tämä on {tosi|aika} {vaikea|hankala} kysymys.
Veli hoitaa @g raha-asiat, minä muut.
@n muutti {keväällä|viime vuonna} {lähemmäs meitä|pienempään asuntoon}.
{Syksyllä|Kesällä} @n oli {kaksi viikkoa|pari viikkoa} sairaalassa.
En ole itse ollut paikalla kovin usein, joten tiedän vain sen mitä @n kertoo.
";

/// Openers; each ends with `:` or `,` and the answer goes on after it.
pub const OPENERS: &str = r"
No,
Noh,
Sanoisin näin:
Ensinnäkin,
Pakko sanoa:
Mun mielestä:
Omasta puolestani:
@g puolesta:
Lyhyesti:
Pari asiaa:
Rehellisesti sanottuna,
Täytyy sanoa,
";

/// Closing remarks without a theme.
pub const CLOSERS: &str = r"
Kiitos!
Kiitos hoitajille.
Muuten ok.
:)
Näin.
Kiitos kyselystä.
Terveisin tytär.
Jaksamista!
Muuten olemme tyytyväisiä.
";
