import type { Observable } from 'rxjs';
import type { RemoteService } from '../bus/remoteService';
import type { Battery } from '../battery/bank';
import { kindOf } from '../battery/paths';
import type { Value, ValueKind } from '../battery/value';

/** Called when a battery sends a value of the wrong kind for a path (a text where a number belongs). */
export type WrongKindHandler = (service: string, path: string, value: Value, expected: ValueKind) => void;

/**
 * A service on the bus seen as a battery: each path's values conformed to the path's kind, so the
 * pipelines only ever see numbers where numbers belong. A wrong kind counts as invalid and is reported.
 * Once the service has left, a path still gives its last value (then completes): `reconnectTimeout` keeps
 * a vanished battery in the bank, and a fold that subscribes meanwhile must read its last values too.
 */
export function batteryFromService(service: RemoteService, onWrongKind: WrongKindHandler): Battery {
  // One conformed value per path, shared by every fold reading it: a wrong kind is reported once per change.
  const conformed = new Map<string, Observable<Value>>();
  return {
    id: service.name,
    paths$: service.paths$,
    value$: (path) => {
      const kind = kindOf(path);
      if (kind === null) return service.value$(path);
      let value$ = conformed.get(path);
      if (!value$) {
        value$ = service.value$(path).derive((value) => conform(value, kind, service.name, path, onWrongKind));
        conformed.set(path, value$);
      }
      return value$;
    },
  };
}

function conform(value: Value, kind: ValueKind, service: string, path: string, onWrongKind: WrongKindHandler): Value {
  if (value === null) return null;
  if (kind === 'text') return typeof value === 'string' ? value : String(value);
  if (typeof value === 'number') return value;
  onWrongKind(service, path, value, kind);
  return null;
}
