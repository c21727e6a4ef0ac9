/**
 * Introspection XML for our BusItem objects: dbus-next only introspects objects exported through its own
 * Interface class, and tools such as dbus-spy and `dbus -y` introspect before they call.
 */
const BUS_ITEM_INTERFACE = `  <interface name="com.victronenergy.BusItem">
    <method name="GetValue"><arg direction="out" type="v"/></method>
    <method name="GetText"><arg direction="out" type="s"/></method>
    <method name="SetValue"><arg direction="in" type="v"/><arg direction="out" type="i"/></method>
    <method name="GetDescription"><arg direction="in" type="s"/><arg direction="in" type="i"/><arg direction="out" type="s"/></method>
    <signal name="PropertiesChanged"><arg type="a{sv}"/></signal>
  </interface>
`;

const TREE_INTERFACE = `  <interface name="com.victronenergy.BusItem">
    <method name="GetValue"><arg direction="out" type="v"/></method>
    <method name="GetText"><arg direction="out" type="v"/></method>
`;

const ROOT_EXTRA = `    <method name="GetItems"><arg direction="out" type="a{sa{sv}}"/></method>
    <signal name="ItemsChanged"><arg type="a{sa{sv}}"/></signal>
`;

const HEADER = `<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg direction="out" type="s"/></method>
  </interface>
`;

export function introspectionXml(children: readonly string[], isLeaf: boolean, isRoot: boolean): string {
  const iface = isLeaf ? BUS_ITEM_INTERFACE : `${TREE_INTERFACE}${isRoot ? ROOT_EXTRA : ''}  </interface>\n`;
  const nodes = children.map((name) => `  <node name="${name}"/>\n`).join('');
  return `${HEADER}${iface}${nodes}</node>\n`;
}
