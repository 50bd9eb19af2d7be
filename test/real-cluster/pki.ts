// Certificates and keys for the real cluster, made with openssl like a kubeadm cluster's: a CA, the apiserver's
// serving certificate, an admin client certificate (group system:masters), a serving certificate for kwok's
// kubelet endpoint, metrics-server's serving certificate, the service-account signing key pair, and the
// aggregation layer's front proxy: its own CA and the client certificate the apiserver proxies requests with.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface Pki {
  dir: string;
  caCert: string;
  caKey: string;
  apiserverCert: string;
  apiserverKey: string;
  adminCert: string;
  adminKey: string;
  kubeletCert: string;
  kubeletKey: string;
  metricsServerCert: string;
  metricsServerKey: string;
  frontProxyCaCert: string;
  frontProxyClientCert: string;
  frontProxyClientKey: string;
  saKey: string;
  saPub: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error('openssl is not installed (apt-get install -y openssl)', { cause: e });
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString().trim()}`, { cause: e });
  }
}

function signed(dir: string, name: string, subject: string, ext: string, ca = 'ca'): void {
  openssl(
    ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-subj', subject, '-out', `${name}.csr`],
    dir,
  );
  writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      '365',
      '-sha256',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

function authority(dir: string, name: string, cn: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-subj',
      `/CN=${cn}`,
      '-days',
      '365',
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

export function makePki(dir: string): Pki {
  authority(dir, 'ca', 'argo-doctor-real-ca');
  authority(dir, 'front-proxy-ca', 'argo-doctor-real-front-proxy-ca');
  const server = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n';
  signed(
    dir,
    'apiserver',
    '/CN=kube-apiserver',
    `${server}subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.96.0.1\n`,
  );
  signed(dir, 'kubelet', '/CN=kwok-kubelet', `${server}subjectAltName=DNS:localhost,IP:127.0.0.1\n`);
  // The aggregator dials the APIService's Service and checks the name <service>.<namespace>.svc.
  signed(
    dir,
    'metrics-server',
    '/CN=metrics-server',
    `${server}subjectAltName=DNS:metrics-server.kube-system.svc,DNS:localhost,IP:127.0.0.1\n`,
  );
  const client = 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n';
  signed(dir, 'front-proxy-client', '/CN=front-proxy-client', client, 'front-proxy-ca');
  signed(
    dir,
    'admin',
    '/O=system:masters/CN=kubernetes-admin',
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  );
  openssl(['genrsa', '-out', 'sa.key', '2048'], dir);
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  const f = (n: string) => path.join(dir, n);
  return {
    dir,
    caCert: f('ca.crt'),
    caKey: f('ca.key'),
    apiserverCert: f('apiserver.crt'),
    apiserverKey: f('apiserver.key'),
    adminCert: f('admin.crt'),
    adminKey: f('admin.key'),
    kubeletCert: f('kubelet.crt'),
    kubeletKey: f('kubelet.key'),
    metricsServerCert: f('metrics-server.crt'),
    metricsServerKey: f('metrics-server.key'),
    frontProxyCaCert: f('front-proxy-ca.crt'),
    frontProxyClientCert: f('front-proxy-client.crt'),
    frontProxyClientKey: f('front-proxy-client.key'),
    saKey: f('sa.key'),
    saPub: f('sa.pub'),
  };
}
