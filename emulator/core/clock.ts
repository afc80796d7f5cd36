// "Now" for an object: the frozen time of its customer's test clock, or the wall clock.
import type { Emulator } from './context';
import { nowSeconds } from './time';

export function clockIdOfCustomer(emu: Emulator, customerId: string | null): string | null {
  if (!customerId) return null;
  const clock = emu.state.customers.get(customerId)?.test_clock;
  return typeof clock === 'string' ? clock : (clock?.id ?? null);
}

export function nowFor(emu: Emulator, customerId: string | null): number {
  const clockId = clockIdOfCustomer(emu, customerId);
  if (!clockId) return nowSeconds();
  return emu.state.testClocks.get(clockId)?.frozen_time ?? nowSeconds();
}
