/** Runs a button's work: the button is disabled meanwhile, and a failure is shown in words a cashier can act on. */
import { showError } from './dom';
import { describeError } from './errors';

export async function busy(button: HTMLButtonElement, work: () => Promise<unknown>): Promise<boolean> {
  button.disabled = true;
  showError(null);
  try {
    await work();
    return true;
  } catch (error) {
    showError(describeError(error));
    return false;
  } finally {
    button.disabled = false;
  }
}
