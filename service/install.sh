#!/bin/sh
# Installs battery-aggregator on a Venus OS GX from the unpacked bundle this script is part of:
#   scp -r dist/bundle root@venus.local:/tmp/BatteryAggregator && ssh root@venus.local sh /tmp/BatteryAggregator/service/install.sh
# Everything lives in /data, which firmware updates keep; /service is rebuilt at every boot, so
# /data/rc.local links the service again. PREFIX (default empty) relocates every path, for tests.
set -eu
NAME=BatteryAggregator
SOURCE=$(cd -P "$(dirname "$0")/.." && pwd)
APP_DIR="${PREFIX:-}/data/$NAME"
SERVICE_LINK="${PREFIX:-}/service/$NAME"
CONFIG_DIR="${PREFIX:-}/data/setupOptions/$NAME"
RC_LOCAL="${PREFIX:-}/data/rc.local"
RC_LINE="ln -sfn /data/$NAME/service /service/$NAME # $NAME"

if ! command -v node >/dev/null 2>&1; then
  echo "warning: node not found. battery-aggregator needs Node.js 18 or newer, which Venus OS 'large' images ship:"
  echo "         Settings -> Firmware -> Online updates -> Image type: Large, then update. Installing anyway."
fi

if [ "$SOURCE" != "$(cd -P "$APP_DIR" 2>/dev/null && pwd)" ]; then
  mkdir -p "$APP_DIR"
  rm -rf "$APP_DIR/service.new"
  cp -R "$SOURCE/service" "$APP_DIR/service.new"
  cp "$SOURCE/battery-aggregator.js" "$APP_DIR/battery-aggregator.js.new"
  # Keep daemontools' supervise state of a running install; replace only our files.
  for file in run log/run install.sh uninstall.sh; do
    mkdir -p "$(dirname "$APP_DIR/service/$file")"
    mv -f "$APP_DIR/service.new/$file" "$APP_DIR/service/$file"
  done
  rm -rf "$APP_DIR/service.new"
  mv -f "$APP_DIR/battery-aggregator.js.new" "$APP_DIR/battery-aggregator.js"
fi
chmod 755 "$APP_DIR/service/run" "$APP_DIR/service/log/run" "$APP_DIR/service/install.sh" "$APP_DIR/service/uninstall.sh"
mkdir -p "$CONFIG_DIR"

if [ ! -f "$RC_LOCAL" ]; then printf '#!/bin/sh\n' > "$RC_LOCAL"; fi
grep -qxF "$RC_LINE" "$RC_LOCAL" || echo "$RC_LINE" >> "$RC_LOCAL"
chmod 755 "$RC_LOCAL"

mkdir -p "$(dirname "$SERVICE_LINK")"
if [ -L "$SERVICE_LINK" ] && command -v svc >/dev/null 2>&1; then
  svc -t "$SERVICE_LINK" || true # already supervised: restart on the new files
fi
ln -sfn "$APP_DIR/service" "$SERVICE_LINK"

echo "installed in $APP_DIR; config: $CONFIG_DIR/config.json (optional)"
echo "log: tail -F /var/log/$NAME/current | tai64nlocal"
echo "then select it: Settings -> System setup -> Battery monitor"
