/**
 * The ISO 3166-1 alpha-3 codes HMRC's Individuals Reliefs API accepts in `countryCode` (foreign reliefs) besides
 * `ZZZ`: every non-null alpha-3 code of the `nv-i18n` library's `com.neovisionaries.i18n.CountryCode` enum, which
 * HMRC's `ResolveParsedCountryCode` looks codes up in (`CountryCode.getByAlpha3Code`, an exact-case map lookup;
 * docs/hmrc-rules.md §4.4).
 *
 * Source: `src/main/java/com/neovisionaries/i18n/CountryCode.java` of TakahikoKawasaki/nv-i18n (commit
 * 08161dee62362b72f918ab72f6506e8218413fee, "Copyright (C) 2012-2019"; individuals-reliefs-api pins nv-i18n 1.29,
 * the library's last release), taken as data: one entry per enum constant in the enum's (alpha-2) order, constants
 * whose alpha-3 is `null` (UNDEFINED, EA, EU, EZ, IC, UK) left out, and FIN listed once although both FI and SF
 * carry it (264 codes). The enum holds more than today's officially assigned codes, and so does this list:
 *   - exceptionally reserved: ASC (AC), CPT (CP), DGA (DG), FXX (FX), SUN (SU), TAA (TA);
 *   - transitionally reserved (deleted from ISO 3166-1): ANT (AN), BUR (BU), SCG (CS), NTZ (NT), TMP (TP),
 *     YUG (YU), ZAR (ZR);
 *   - user assigned: XXI (XI, Northern Ireland), XKX (XK, Kosovo);
 *   - GBR, which pension charges' list leaves out but reliefs accept.
 */
export const ISO_ALPHA3_CODES: ReadonlySet<string> = new Set(
  (
    'ASC AND ARE AFG ATG AIA ALB ARM ANT AGO ATA ARG ASM AUT AUS ABW ALA AZE BIH BRB BGD BEL BFA BGR BHR BDI ' +
    'BEN BLM BMU BRN BOL BES BRA BHS BTN BUR BVT BWA BLR BLZ CAN CCK COD CAF COG CHE CIV COK CHL CMR CHN COL ' +
    'CPT CRI SCG CUB CPV CUW CXR CYP CZE DEU DGA DJI DNK DMA DOM DZA ECU EST EGY ESH ERI ESP ETH FIN FJI FLK ' +
    'FSM FRO FRA FXX GAB GBR GRD GEO GUF GGY GHA GIB GRL GMB GIN GLP GNQ GRC SGS GTM GUM GNB GUY HKG HMD HND ' +
    'HRV HTI HUN IDN IRL ISR IMN IND IOT IRQ IRN ISL ITA JEY JAM JOR JPN KEN KGZ KHM KIR COM KNA PRK KOR KWT ' +
    'CYM KAZ LAO LBN LCA LIE LKA LBR LSO LTU LUX LVA LBY MAR MCO MDA MNE MAF MDG MHL MKD MLI MMR MNG MAC MNP ' +
    'MTQ MRT MSR MLT MUS MDV MWI MEX MYS MOZ NAM NCL NER NFK NGA NIC NLD NOR NPL NRU NTZ NIU NZL OMN PAN PER ' +
    'PYF PNG PHL PAK POL SPM PCN PRI PSE PRT PLW PRY QAT REU ROU SRB RUS RWA SAU SLB SYC SDN SWE SGP SHN SVN ' +
    'SJM SVK SLE SMR SEN SOM SUR SSD STP SUN SLV SXM SYR SWZ TAA TCA TCD ATF TGO THA TJK TKL TLS TKM TUN TON ' +
    'TMP TUR TTO TUV TWN TZA UKR UGA UMI USA URY UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM XXI XKX YEM MYT YUG ' +
    'ZAF ZMB ZAR ZWE'
  ).split(' '),
);
