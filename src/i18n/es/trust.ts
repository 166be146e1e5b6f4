// La página "Confiar en este set" que un teléfono abre por HTTP en el Wi-Fi del set, y el perfil de iPhone que descarga.
export default {
  pageTitle: 'Confiar en este set – Setbook',
  heading: 'Confiar en este set',
  intro: 'Haz esto una vez en cada teléfono, conectado al Wi-Fi del set. Después, Setbook se abre de forma segura en {{url}} y el botón ALTO funciona aunque se caiga el Wi-Fi.',
  languages: 'Idioma',
  qrLabel: 'Código QR de {{url}}',
  qrCaption: 'Otro teléfono: escanea este código para abrir esta página. {{url}}',
  ios: {
    heading: 'iPhone y iPad',
    download: 'Perfil para iPhone y iPad',
    step1: 'Abre esta página en Safari y toca "{{link}}"; permite la descarga.',
    step2: 'Abre Configuración > General > VPN y administración de dispositivos, toca "{{profile}}" y luego Instalar.',
    step3: 'Abre Configuración > General > Información > Configuración de confianza de certificados y activa la confianza total para "{{ca}}".',
    step4: 'Abre {{url}}',
  },
  android: {
    heading: 'Android',
    download: 'Certificado para Android',
    step1: 'Toca "{{link}}" y guarda el archivo setbook-ca.crt.',
    step2:
      'Abre Configuración > Seguridad > Encriptación y credenciales > Instalar un certificado > Certificado de CA, toca "Instalar de todas formas" y elige setbook-ca.crt. (En algunos teléfonos: busca "certificado de CA" en Configuración.)',
    step3: 'Abre {{url}}',
  },
  check: {
    heading: 'Verifica antes de confiar',
    fingerprint: 'El certificado se llama "{{ca}}". Su huella digital SHA-256, que el teléfono muestra al instalarlo, debe decir:',
    remove: 'Confía en él solo en un teléfono que uses en este set; quítalo al terminar el rodaje (en Configuración, en el mismo lugar).',
  },
  profile: {
    name: 'Setbook: confiar en este set',
    description: 'Permite que este teléfono abra Setbook de forma segura en el Wi-Fi del set.',
  },
};
