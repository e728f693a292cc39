import type { SettingsView } from '../../../../main/api/contract';
import { api } from '../../api/client';

/**
 * Saves settings changes. Work-around for a service bug (see the report): the
 * service's updateSettings currently resets every key left out of the call to
 * its default, so each save re-reads the settings and sends them all.
 */
export async function saveSettings(changes: Partial<SettingsView>): Promise<SettingsView> {
  const current = await api.getSettings({});
  return api.updateSettings({ ...current, ...changes });
}
