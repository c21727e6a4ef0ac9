/** Config files shared by the tests of the validation and of the JSON Schema. */

// The configuration snippets and examples of the original README, as JSON files.
export const README_EXAMPLES: Record<string, string> = {
  'exclude a shunt': '{ "excludedServices": ["com.victronenergy.battery.ttyS9"] }',
  'post-merge from other services': `{ "primaryServices": {"com.victronenergy.battery.ttyS5": ["/Soc"],
    "com.victronenergy.battery.leastPrecedence": ["/Dc/0/Current"]} }`,
  'pre-merge from other services': '{ "auxiliaryServices": ["com.victronenergy.battery.defaultMetadata", "com.victronenergy.battery.leastPrecedence"] }',
  'pre-merge specific paths': '{ "auxiliaryServices": {"com.victronenergy.battery.dev1": ["/Info/Location"]} }',
  'installed capacity': '{ "capacity": 200 }',
  'a virtual battery': `{ "virtualBatteries": {
    "com.victronenergy.battery.virtual1": ["com.victronenergy.battery.ttyS2", "com.victronenergy.battery.leastPrecedence"] } }`,
  'virtual batteries with specific paths': `{ "virtualBatteries": {
    "com.victronenergy.battery.virtual1": {"com.victronenergy.battery.ttyS6": ["/Soc"], "com.victronenergy.battery.ttyUSB0": []},
    "com.victronenergy.battery.virtual2": {"com.victronenergy.battery.ttyS7": ["/Soc"], "com.victronenergy.battery.ttyUSB1": []} } }`,
  'custom names': '{ "excludedServices": ["name:My Battery"], "primaryServices": {"name:My Shunt": ["/Soc"]} }',
  'current ratio method': '{ "currentRatioMethod": "capacity" }',
  'CVL mode': '{ "cvlMode": "min_when_balancing" }',
  'log level': '{ "logLevel": "DEBUG" }',
  'example: exclude a shunt from aggregation': '{ "excludedServices": ["com.victronenergy.battery.ttyS1"] }',
  'example: SoC from a shunt': '{ "primaryServices": {"com.victronenergy.battery.ttyS5": ["/Soc"]} }',
  'example: two virtual batteries': `{ "virtualBatteries": {
    "com.victronenergy.battery.virtual1": ["com.victronenergy.battery.ttyS6", "com.victronenergy.battery.ttyUSB0"],
    "com.victronenergy.battery.virtual2": ["com.victronenergy.battery.ttyS7", "com.victronenergy.battery.ttyUSB1"] } }`,
  'an empty file': '{}',
};

/**
 * Malformed config files and the exact report a user gets for each (as check-config prints it for
 * `config.json`): where (line:column and JSON path), what was expected, what was found, what was probably meant.
 */
export const MALFORMED: [name: string, text: string, report: string][] = [
  ["wrong type: capacity as text", "{ \"capacity\": \"200\" }", "config.json:1:15: capacity: expected a number greater than 0, got \"200\" (a text: write numbers without quotes)"],
  ["wrong type: list given a text", "{ \"excludedServices\": \"com.victronenergy.battery.ttyS1\" }", "config.json:1:23: excludedServices: expected a list, each a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"com.victronenergy.battery.ttyS1\""],
  ["cell guard without its threshold", "{ \"cellVoltageGuard\": { \"hysteresis\": 0.05 } }", "config.json:1:23: cellVoltageGuard: missing key \"maxCellVoltage\""],
  ["cell guard: threshold as text, negative hysteresis", "{ \"cellVoltageGuard\": { \"maxCellVoltage\": \"3.55\", \"hysteresis\": -1 } }", "config.json:1:43: cellVoltageGuard.maxCellVoltage: expected a number greater than 0, got \"3.55\" (a text: write numbers without quotes)\nconfig.json:1:65: cellVoltageGuard.hysteresis: expected a number of 0 or more, got -1"],
  ["mixed voltages: an unknown mode and a deviation above 1", "{ \"mixedVoltage\": { \"mode\": \"exlude\", \"maxDeviation\": 20 } }", "config.json:1:29: mixedVoltage.mode: expected one of \"exclude\", \"off\", got \"exlude\"; did you mean \"exclude\"?\nconfig.json:1:55: mixedVoltage.maxDeviation: expected a number greater than 0 and at most 1, got 20"],
  ["wrong type: ir not an object", "{ \"ir\": 0.1 }", "config.json:1:9: ir: expected an object, got 0.1"],
  ["wrong type: boolean for a number", "{ \"reconnectTimeout\": true }", "config.json:1:23: reconnectTimeout: expected a number of 0 or more, got true"],
  ["wrong type: null", "{ \"startupBatteryWait\": null }", "config.json:1:25: startupBatteryWait: expected a number of 0 or more, got null"],
  ["wrong type: selection neither list nor map", "{ \"auxiliaryServices\": 5 }", "config.json:1:24: auxiliaryServices: expected a list of services, or a map of service to a list of paths, got 5"],
  ["wrong type: virtualBatteries as a list", "{ \"virtualBatteries\": [\"com.victronenergy.battery.ttyS2\"] }", "config.json:1:23: virtualBatteries: expected an object mapping each virtual battery's service name to its members, got [\"com.victronenergy.battery.ttyS2\"]"],
  ["top level not an object", "[\"com.victronenergy.battery.ttyS1\"]", "config.json:1:1: (top level): expected an object, got [\"com.victronenergy.battery.ttyS1\"]"],
  ["bad service name: bare device name", "{ \"excludedServices\": [\"com.victronenergy.battery.ttyS1\", \"ttyS2\"] }", "config.json:1:59: excludedServices[1]: expected a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"ttyS2\"; did you mean \"com.victronenergy.battery.ttyS2\"?"],
  ["bad service name: another device class", "{ \"serviceName\": \"com.victronenergy.solarcharger.ttyS1\" }", "config.json:1:18: serviceName: expected a battery service name (com.victronenergy.battery.<name>), got \"com.victronenergy.solarcharger.ttyS1\""],
  ["bad service name: name: without a name", "{ \"excludedServices\": [\"name:\"] }", "config.json:1:24: excludedServices[0]: expected a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"name:\""],
  ["bad service name: name: for our own service", "{ \"serviceName\": \"name:Aggregator\" }", "config.json:1:18: serviceName: expected a battery service name (com.victronenergy.battery.<name>), got \"name:Aggregator\""],
  ["bad service name: misspelt map key", "{ \"primaryServices\": { \"com.victronenergy.batery.ttyS5\": [\"/Soc\"] } }", "config.json:1:24: primaryServices[\"com.victronenergy.batery.ttyS5\"]: expected a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"com.victronenergy.batery.ttyS5\"; did you mean \"com.victronenergy.battery.ttyS5\"?"],
  ["bad path: no leading slash", "{ \"primaryServices\": { \"com.victronenergy.battery.ttyS1\": [\"Soc\"] } }", "config.json:1:60: primaryServices[\"com.victronenergy.battery.ttyS1\"][0]: expected a D-Bus path starting with / (e.g. /Soc), got \"Soc\"; did you mean \"/Soc\"?"],
  ["bad path: trailing slash", "{ \"auxiliaryServices\": { \"com.victronenergy.battery.dev1\": [\"/Info/\"] } }", "config.json:1:61: auxiliaryServices[\"com.victronenergy.battery.dev1\"][0]: expected a D-Bus path starting with / (e.g. /Soc), got \"/Info/\"; did you mean \"/Info\"?"],
  ["bad path: a space", "{ \"auxiliaryServices\": { \"com.victronenergy.battery.dev1\": [\"/Dc/0/ Voltage\"] } }", "config.json:1:61: auxiliaryServices[\"com.victronenergy.battery.dev1\"][0]: expected a D-Bus path starting with / (e.g. /Soc), got \"/Dc/0/ Voltage\""],
  ["bad enum: misspelt value", "{ \"cvlMode\": \"max_when_balacing\" }", "config.json:1:14: cvlMode: expected one of \"max_when_balancing\", \"min_when_balancing\", \"max_always\", \"max_when_floating\", \"dvcc\", got \"max_when_balacing\"; did you mean \"max_when_balancing\"?"],
  ["bad enum: wrong case", "{ \"logLevel\": \"debug\" }", "config.json:1:15: logLevel: expected one of \"DEBUG\", \"INFO\", \"WARNING\", \"ERROR\", \"CRITICAL\", got \"debug\"; did you mean \"DEBUG\"?"],
  ["bad enum: nothing close", "{ \"currentRatioMethod\": \"resistance\" }", "config.json:1:25: currentRatioMethod: expected one of \"ir\", \"capacity\", \"count\", got \"resistance\""],
  ["bad enum: a number", "{ \"cclMode\": 1 }", "config.json:1:14: cclMode: expected one of \"battery+dvcc\", \"battery\", \"dvcc\", got 1"],
  ["misspelt key: one letter", "{ \"excludedService\": [] }", "config.json:1:3: excludedService: unknown key; did you mean \"excludedServices\"?"],
  ["misspelt key: wrong case", "{ \"cvlmode\": \"dvcc\" }", "config.json:1:3: cvlmode: unknown key; did you mean \"cvlMode\"?"],
  ["misspelt key: nested in ir", "{ \"ir\": { \"maxPercentError\": 0.1 } }", "config.json:1:11: ir.maxPercentError: unknown key; did you mean \"maxPercentageError\"?"],
  ["unknown key: nothing close", "{ \"batteries\": 2 }", "config.json:1:3: batteries: unknown key"],
  ["duplicate key at the top", "{\n  \"logLevel\": \"INFO\",\n  \"logLevel\": \"DEBUG\"\n}", "config.json:3:3: logLevel: duplicate key (first given at 2:3); give each key once"],
  ["duplicate key in a map", "{ \"primaryServices\": {\n  \"com.victronenergy.battery.ttyS5\": [\"/Soc\"],\n  \"com.victronenergy.battery.ttyS5\": [\"/Dc/0/Current\"] } }", "config.json:3:3: primaryServices[\"com.victronenergy.battery.ttyS5\"]: duplicate key (first given at 2:3); give each key once"],
  ["invalid JSON: trailing comma", "{\n  \"capacity\": 200,\n}", "config.json:3:1: (top level): invalid JSON: expected a key in double quotes (JSON allows no comma before \"}\"), got \"}\""],
  ["invalid JSON: unquoted key", "{ capacity: 200 }", "config.json:1:3: (top level): invalid JSON: expected a key in double quotes, got `capacity`"],
  ["invalid JSON: single quotes", "{ 'logLevel': 'DEBUG' }", "config.json:1:3: (top level): invalid JSON: expected a key in double quotes, got \"'\""],
  ["invalid JSON: cut short", "{ \"excludedServices\": [\"com.victronenergy.battery.ttyS1\"", "config.json:1:57: (top level): invalid JSON: expected \",\" or \"]\" after the value, got the end of the file"],
  ["invalid JSON: empty file", "", "config.json:1:1: (top level): invalid JSON: expected a value (an object, list, text in double quotes, number, true, false or null), got the end of the file"],
  ["zero", "{ \"capacity\": 0 }", "config.json:1:15: capacity: expected a number greater than 0, got 0"],
  ["negative", "{ \"reconnectTimeout\": -1 }", "config.json:1:23: reconnectTimeout: expected a number of 0 or more, got -1"],
  ["negative in ir", "{ \"ir\": { \"maxPercentageError\": -0.1, \"minVoltageChange\": 0 } }", "config.json:1:33: ir.maxPercentageError: expected a number greater than 0, got -0.1\nconfig.json:1:59: ir.minVoltageChange: expected a number greater than 0, got 0"],
  ["NaN-like string", "{ \"capacity\": \"NaN\" }", "config.json:1:15: capacity: expected a number greater than 0, got \"NaN\""],
  ["NaN literal", "{ \"capacity\": NaN }", "config.json:1:15: (top level): invalid JSON: expected a value (an object, list, text in double quotes, number, true, false or null), got `NaN`"],
  ["Infinity-like string", "{ \"startupBatteryWait\": \"Infinity\" }", "config.json:1:25: startupBatteryWait: expected a number of 0 or more, got \"Infinity\""],
  ["nested in a virtual battery", "{ \"virtualBatteries\": { \"com.victronenergy.battery.virtual1\": { \"ttyS6\": [\"Soc\"], \"com.victronenergy.battery.ttyUSB0\": \"all\" } } }", "config.json:1:65: virtualBatteries[\"com.victronenergy.battery.virtual1\"].ttyS6: expected a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"ttyS6\"; did you mean \"com.victronenergy.battery.ttyS6\"?\nconfig.json:1:75: virtualBatteries[\"com.victronenergy.battery.virtual1\"].ttyS6[0]: expected a D-Bus path starting with / (e.g. /Soc), got \"Soc\"; did you mean \"/Soc\"?\nconfig.json:1:120: virtualBatteries[\"com.victronenergy.battery.virtual1\"][\"com.victronenergy.battery.ttyUSB0\"]: expected a list, each a D-Bus path starting with / (e.g. /Soc), got \"all\""],
  ["misspelt virtual battery name", "{ \"virtualBatteries\": { \"com.victronenergy.virtual1\": [\"com.victronenergy.battery.ttyS6\"] } }", "config.json:1:25: virtualBatteries[\"com.victronenergy.virtual1\"]: expected a battery service name (com.victronenergy.battery.<name>), got \"com.victronenergy.virtual1\"; did you mean \"com.victronenergy.battery.virtual1\"?"],
  ["several problems at once", "{\n  \"serviceName\": \"aggregator\",\n  \"capacity\": -200,\n  \"cvlMode\": \"max\",\n  \"extra\": true,\n  \"ir\": { \"minVoltageChange\": \"0.02\" }\n}", "config.json:2:18: serviceName: expected a battery service name (com.victronenergy.battery.<name>), got \"aggregator\"; did you mean \"com.victronenergy.battery.aggregator\"?\nconfig.json:3:15: capacity: expected a number greater than 0, got -200\nconfig.json:4:14: cvlMode: expected one of \"max_when_balancing\", \"min_when_balancing\", \"max_always\", \"max_when_floating\", \"dvcc\", got \"max\"\nconfig.json:5:3: extra: unknown key\nconfig.json:6:31: ir.minVoltageChange: expected a number greater than 0, got \"0.02\" (a text: write numbers without quotes)"],
  ["bad enum: socMode", "{ \"socMode\": \"weighted\" }", "config.json:1:14: socMode: expected one of \"capacity\", \"mean\", got \"weighted\""],
  ["bad enum: timeToGoMode close", "{ \"timeToGoMode\": \"banks\" }", "config.json:1:19: timeToGoMode: expected one of \"bank\", \"mean\", got \"banks\"; did you mean \"bank\"?"],
  ["ownSoc efficiency above 1", "{ \"ownSoc\": { \"chargeEfficiency\": 1.5 } }", "config.json:1:35: ownSoc.chargeEfficiency: expected a number greater than 0 and at most 1, got 1.5"],
  ["ownSoc misspelt option", "{ \"ownSoc\": { \"tailCurent\": 2 } }", "config.json:1:15: ownSoc.tailCurent: unknown key; did you mean \"tailCurrent\"?"],
  ["ownSoc flag as text", "{ \"ownSoc\": { \"floatResets\": \"yes\" } }", "config.json:1:30: ownSoc.floatResets: expected true or false, got \"yes\""],
  ["ownSoc not an object", "{ \"ownSoc\": true }", "config.json:1:13: ownSoc: expected an object, got true"],
  ["a long value is cut short", "{ \"excludedServices\": \"com.victronenergy.battery.ttyS1, com.victronenergy.battery.ttyS2, com.victronenergy.battery.ttyS3\" }", "config.json:1:23: excludedServices: expected a list, each a battery service name (com.victronenergy.battery.<name>) or name:<custom name>, got \"com.victronenergy.battery.ttyS1, com.victronenergy.batte..."],
];

