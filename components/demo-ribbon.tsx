/** Shown on every page while Stripe is the in-repo emulator, so nobody mistakes it for real money. */
export function DemoRibbon() {
  return (
    <div role="note" className="bg-warning-50 px-4 py-1 text-center text-xs font-medium text-warning-800">
      Demo — no real charges (Stripe emulator)
    </div>
  );
}
