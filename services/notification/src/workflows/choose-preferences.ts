import type { Preferences } from '../domain/preferences.js';
import type { NotificationContext } from './notification-context.js';

export function preferencesOf(context: NotificationContext, userId: string): Promise<Preferences> {
  return context.preferences.of(userId);
}

/** Replaces the user's channels, contacts, quiet hours and digest (as validated by the contract). */
export function choosePreferences(
  context: NotificationContext,
  userId: string,
  preferences: Preferences,
): Promise<Preferences> {
  return context.preferences.set(userId, preferences, context.now());
}
