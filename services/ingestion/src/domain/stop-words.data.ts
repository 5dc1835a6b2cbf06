/**
 * Frequent function words per language (hand-picked; no model download). Words shared by
 * several languages still count, divided among them, so distinctive words decide.
 */
export const STOP_WORDS: Record<string, string> = {
  en: `the of and to in is that it was for on are with as his they be at one have this from or had by
    but what some we can out were all there when up use your how said each she which do their if will
    way about many then them would like so these her him has more could go come did my no not been
    who its now people than first just any because very you i me our after should also where why an`,
  es: `el la de que y en los las del se por un una con no es para al lo como más pero sus le ya o este
    sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante
    todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra
    él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros
    mi mis tú te ti tu tus ellas vosotros os está están son fue hace gracias bueno`,
  fr: `le la les de des du un une et est en que qui dans pour pas au aux ce cette ces il elle ils elles
    nous vous je tu on ne se sur avec par plus mais ou où sont été être avoir fait son sa ses leur leurs
    mon ma mes ton ta tes notre votre y a très aussi bien comme tout tous toute toutes même quand
    ça c'est j'ai n'est qu'il d'un d'une l'on merci`,
  de: `der die das und ist nicht ein eine einen einem einer den dem des zu mit auf für von sich auch es
    im in als an bei aus nach wie wir ihr sie er ich du so wenn aber oder noch nur über kann sind war
    hat haben werden wird wurde schon sehr hier dass daß mir mich dir dich uns euch kein keine was
    wer wo warum diese dieser dieses man doch mal gibt danke`,
  pt: `o a os as de do da dos das e é em um uma uns umas para com não por que se na no nas nos mais mas
    como foi ao ele ela eles elas seu sua seus suas ou quando muito já também só pelo pela até isso
    entre depois sem mesmo aos ter seus quem nas me esse eles você vocês essa num nem suas meu
    minha têm há essa isto estão estou eu está obrigado obrigada então são fazer aqui`,
  it: `il lo la i gli le di del della dei delle che e è un una uno in per con non si da al alla ai alle
    come ma più anche se ci questo questa sono era ho hai ha abbiamo avete hanno io tu lui lei noi
    voi loro mi ti ne molto tutto tutti quando perché dove chi cosa nel nella nei sul sulla ancora
    già solo essere fare grazie questi quello quella ecco`,
  nl: `de het een en van in is dat op te zijn met voor niet aan er om ook als bij maar dan nog wat uit
    ze hij zij wij we ik je jij u hun ons onze deze dit die was waren heeft hebben wordt werd worden
    kan kunnen moet zou al naar door over tot geen meer wel hoe waar wie omdat heel veel bedankt
    dank nu alleen zo`,
};

/** Letters that hint at one language (or a few); a weak signal beside the words. */
export const LETTER_HINTS: Record<string, string[]> = {
  ñ: ['es'],
  '¿': ['es'],
  '¡': ['es'],
  ã: ['pt'],
  õ: ['pt'],
  ç: ['fr', 'pt'],
  ß: ['de'],
  ä: ['de'],
  ö: ['de'],
  ü: ['de'],
  ë: ['nl', 'fr'],
  ij: ['nl'],
  œ: ['fr'],
  ê: ['fr', 'pt'],
  è: ['fr', 'it'],
  ì: ['it'],
  ò: ['it'],
  ù: ['it', 'fr'],
};
