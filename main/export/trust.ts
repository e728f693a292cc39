import type { Signer } from './signing';
import type { RecordedTownKey, SignerTrust } from './types';

/**
 * Whether a package's signer is acceptable to an archive: the one rule
 * `verify` and the district import both apply. A package signed by this
 * archive's own key is its own. Once a key is recorded for a 镇街, its
 * packages must carry that key's signature: unsigned or signed by any other
 * key, they are refused. With no key recorded, a good signature is only
 * shown (the district records it at the first import).
 */
export function judgeSigner(signer: Signer | null, recorded: RecordedTownKey | null, own: string | null, town: string): { trust: SignerTrust | null; problem: string | null } {
  if (signer && signer.publicKey === own) return { trust: 'own', problem: null };
  if (!recorded) return { trust: signer ? 'unrecorded' : null, problem: null };
  if (!signer) return { trust: null, problem: `此包未签名，而${town}的导出签名密钥已登记（指纹 ${recorded.fingerprint}），未签名的包不予接受` };
  if (signer.publicKey === recorded.publicKey) return { trust: 'recorded', problem: null };
  return {
    trust: 'mismatch',
    problem: `签名密钥（指纹 ${signer.fingerprint}）不是已登记的${town}密钥（指纹 ${recorded.fingerprint}），可能是伪造的包；如${town}确已更换密钥，请与其核对新指纹后由区级确认新密钥`,
  };
}
