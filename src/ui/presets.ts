/** The example configs of the original README (and its advanced virtual-battery syntax), offered as starting points. */
export interface Preset {
  readonly title: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export const PRESETS: readonly Preset[] = [
  {
    title: 'Exclude a shunt from aggregation',
    config: { excludedServices: ['com.victronenergy.battery.ttyS1'] },
  },
  {
    title: 'Aggregate all batteries, SoC from a shunt taking precedence',
    config: { primaryServices: { 'com.victronenergy.battery.ttyS5': ['/Soc'] } },
  },
  {
    title: 'Two virtual batteries (BMS in series with a shunt), aggregated',
    config: {
      virtualBatteries: {
        'com.victronenergy.battery.virtual1': ['com.victronenergy.battery.ttyS6', 'com.victronenergy.battery.ttyUSB0'],
        'com.victronenergy.battery.virtual2': ['com.victronenergy.battery.ttyS7', 'com.victronenergy.battery.ttyUSB1'],
      },
    },
  },
  {
    title: 'Two virtual batteries, SoC only from each shunt',
    config: {
      virtualBatteries: {
        'com.victronenergy.battery.virtual1': { 'com.victronenergy.battery.ttyS6': ['/Soc'], 'com.victronenergy.battery.ttyUSB0': [] },
        'com.victronenergy.battery.virtual2': { 'com.victronenergy.battery.ttyS7': ['/Soc'], 'com.victronenergy.battery.ttyUSB1': [] },
      },
    },
  },
];
