export const USAGE = `Usage:
  battery-aggregator [CONFIG_FILE] [--bus ADDRESS]
      Run the aggregator (default config: /data/setupOptions/BatteryAggregator/config.json;
      a missing file means defaults).
  battery-aggregator simulate [--count N] [--capacity AH] [--bus ADDRESS] [--duration S]
                              [--cells N] [--runaway-cell V[:PACK]] [--nominal V[:PACK]] [--shunt]
      Publish N simulated batteries (com.victronenergy.battery.simN) on a bus.
      --cells N: cells in series per pack (default 16: 48 V LiFePO4); every voltage path follows.
      --runaway-cell V[:PACK]: one cell of pack PACK (default 1, sim1) reads V from the start (e.g. 3.6),
        its pack voltage, /System/MaxCellVoltage, cell id and alarms with it: for the cell guard.
      --nominal V[:PACK]: pack PACK (default the last) is a V volt pack (12, 24, 36, 48: 4, 8, 12, 16 cells)
        on a bus of its own, at rest: a pack a discovery rule added to the bank, for mixedVoltage.
      --shunt: also a SmartShunt on the bank's main cable (com.victronenergy.battery.shunt) reading the
        packs' summed current and the bank's voltage: a shunt counted twice, for doubleCountedShunt.
  battery-aggregator demo [--count N] [--duration S] [--replay FILE] [--cells N] [--runaway-cell V[:PACK]] [--nominal V[:PACK]] [--shunt]
                          [--status-page HOST:PORT|off]
      Start a private dbus-daemon, simulated batteries and the aggregator, and show them live
      (--cells, --runaway-cell, --nominal, --shunt as for simulate), with the status page on 127.0.0.1:8089
      (or a free port when taken; its URL is printed first).
  battery-aggregator record [--out FILE] [--duration S] [--include PREFIX]... [--bus ADDRESS]
      Record every battery service and DVCC's settings to a file (default battery-aggregator-<time>.jsonl;
      - for stdout) until the duration is over or Ctrl-C.
  battery-aggregator replay FILE [--speed X] [--loop] [--bus ADDRESS]
      Publish a recording's services on a bus as they were recorded, X times faster.
  battery-aggregator check-config [CONFIG_FILE] [--print]
      Check a config file as the daemon would (no bus needed): prints "valid", or every problem
      with its line:column and exits 1; --print prints the effective config, defaults filled in.
  battery-aggregator status [CONFIG_FILE] [--bus ADDRESS] [--watch] [--json]
      Show the bank (V, I, P, SoC, CCL/DCL/CVL and why) and every battery (role, readings, own limits,
      measured and assumed share of the current, R/E); --watch redraws on change, --json prints JSON.
      Exit 1: no aggregator on the bus; 2: usage; 3: bus unreachable.
  battery-aggregator schema
      Print the config file's JSON Schema (draft 2020-12), e.g. for an editor.
  battery-aggregator config-ui [--port N]
      Serve the config generator page on http://127.0.0.1:N/ (default 8088; build it with npm run build:ui).

Bus: --bus ADDRESS, else $DBUS_SESSION_BUS_ADDRESS, else the system bus.
`;
