/**
 * Well-formed client-side fraud-prevention headers for each connection method, built from the examples on HMRC's
 * specification pages (https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/).
 */
export const GOOD_CLIENT_HEADERS: Record<string, Record<string, string>> = {
  WEB_APP_VIA_SERVER: {
    'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
    'Gov-Client-Browser-JS-User-Agent':
      'Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML, like Gecko) Mobile/7B405',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Multi-Factor':
      'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c',
    'Gov-Client-Screens':
      'width=1920&height=1080&scaling-factor=1&colour-depth=16,width=3000&height=2000&scaling-factor=1.25&colour-depth=16',
    'Gov-Client-Timezone': 'UTC+00:00',
    'Gov-Client-User-IDs': 'my-application=alice123',
    'Gov-Client-Window-Size': 'width=1256&height=803',
    'Gov-Vendor-Version': 'my-web-app=2.2.2',
  },
  MOBILE_APP_VIA_SERVER: {
    'Gov-Client-Connection-Method': 'MOBILE_APP_VIA_SERVER',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Local-IPs': 'fc00%3A%3A,10.1.2.3',
    'Gov-Client-Local-IPs-Timestamp': '2026-11-21T11:59:30.123Z',
    'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60063abfb3',
    'Gov-Client-Screens': 'width=375&height=812&scaling-factor=2&colour-depth=32',
    'Gov-Client-Timezone': 'UTC+01:00',
    'Gov-Client-User-Agent':
      'os-family=iOS&os-version=13.3.1&device-manufacturer=Apple&device-model=iPhone12%2C3',
    'Gov-Client-User-IDs': 'my-application=alice123',
    'Gov-Client-Window-Size': 'width=375&height=812',
    'Gov-Vendor-Version': 'my-mobile-app=2.2.2',
  },
  DESKTOP_APP_VIA_SERVER: {
    'Gov-Client-Connection-Method': 'DESKTOP_APP_VIA_SERVER',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Local-IPs': '10.1.2.3,10.3.4.2',
    'Gov-Client-Local-IPs-Timestamp': '2026-11-21T11:59:30.123Z',
    'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45,10%3A12%3Acc%3Afa%3Aaa%3A32',
    'Gov-Client-Multi-Factor': 'type=OTHER&timestamp=2021-11-21T13%3A20%3A01Z&unique-reference=0283da60',
    'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=16',
    'Gov-Client-Timezone': 'UTC-01:15',
    'Gov-Client-User-Agent':
      'os-family=Windows&os-version=Server%202012&device-manufacturer=Dell%20Inc.&device-model=OptiPlex%20980',
    'Gov-Client-User-IDs': 'os=domain%5Calice&my-application=alice123',
    'Gov-Client-Window-Size': 'width=1256&height=803',
    'Gov-Vendor-Version': 'my-desktop-app=2.2.2',
  },
  OTHER_VIA_SERVER: {
    'Gov-Client-Connection-Method': 'OTHER_VIA_SERVER',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Local-IPs': '10.1.2.3',
    'Gov-Client-Local-IPs-Timestamp': '2026-11-21T11:59:30.123Z',
    'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45',
    'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60',
    'Gov-Client-Timezone': 'UTC+05:30',
    'Gov-Client-User-Agent':
      'os-family=Linux&os-version=6.1&device-manufacturer=Raspberry%20Pi&device-model=4B',
    'Gov-Client-User-IDs': 'os=alice&my-application=alice123',
    'Gov-Vendor-Version': 'my-frontend-app=2.2.2',
  },
  BATCH_PROCESS_DIRECT: {
    'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
    'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
    'Gov-Client-Local-IPs': '10.1.2.3',
    'Gov-Client-Local-IPs-Timestamp': '2026-11-21T11:59:30.123Z',
    'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45',
    'Gov-Client-Timezone': 'UTC+00:00',
    'Gov-Client-User-Agent':
      'os-family=Windows&os-version=Server%202012&device-manufacturer=Dell%20Inc.&device-model=OptiPlex%20980',
    'Gov-Client-User-IDs': 'os=domain%5Cbatch&my-application=nightly',
  },
};
